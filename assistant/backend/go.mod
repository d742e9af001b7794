module github.com/kyma-project/kyma-companion/assistant/backend

go 1.19
