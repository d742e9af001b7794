module github.com/kyma-project/kyma-companion/services/notifier

go 1.19
