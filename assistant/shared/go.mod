module github.com/kyma-project/kyma-companion/assistant/shared

go 1.19
