//go:build tools

// Package tools pins the Node language host. v3.68.0 is the last release that
// shipped it inside the sdk/v3 module; later releases publish it as a separate
// module that the Go module proxy does not serve.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
