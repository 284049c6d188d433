exports.handler = __f0;

var __provider = {configure: __f1};

function __f1(__0) {
  return (function() {
    with({ this: undefined, arguments: undefined }) {

return async function /*configure*/(request) {
        const installed = require("pulumi-entra-connected-organizations/provider");
        Object.assign(this, installed.resourceProvider);
        await installed.configure(request);
    };

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f0() {
  return (function() {
    with({ provider: __provider, this: undefined, arguments: undefined }) {

return () => provider;

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
