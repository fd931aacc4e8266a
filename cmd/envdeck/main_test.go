package main

import (
	"os"
	"testing"

	"github.com/envdeck/envdeck/aws/awstest"
)

// One moto_server per test binary (awstest.SharedMoto), stopped at the end.
func TestMain(m *testing.M) { os.Exit(awstest.RunTests(m)) }
