//go:build tools

// Package tools pins the Pulumi CLI so that go.mod and go.sum describe exactly
// the module graph that install.sh builds.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
