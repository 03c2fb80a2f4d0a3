module e2e/health-stand-in

go 1.24.0
