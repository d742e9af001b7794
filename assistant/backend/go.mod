module github.com/kyma-project/kyma-companion/assistant/backend

go 1.19

require github.com/kyma-project/kyma-companion/assistant/shared v0.0.0

// The shared module lives in this repository; nothing is downloaded.
replace github.com/kyma-project/kyma-companion/assistant/shared => ../shared
