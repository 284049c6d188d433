/**
 * The import rules of the layout (README "Project layout"), checked by `npm run lint`.
 * Type-only imports count for cycles too: a type cycle still ties two files together.
 * @type {import("dependency-cruiser").IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "Files must not import each other in a loop, directly or through others.",
      from: {},
      to: { circular: true },
    },
    {
      name: "provider-not-emulator",
      severity: "error",
      comment: "The provider talks to Graph only over HTTP; it never imports the emulator.",
      from: { path: "^provider/" },
      to: { path: "^emulator/" },
    },
    {
      name: "emulator-not-provider",
      severity: "error",
      comment: "The emulator follows the Graph docs, not the provider's code.",
      from: { path: "^emulator/" },
      to: { path: "^provider/" },
    },
    {
      name: "sdk-provider-types-only",
      severity: "error",
      comment:
        "The SDK runs in the user's program: it shares the provider's types but loads the provider only by package name, inside __provider, in the provider process.",
      from: { path: "^sdk/" },
      to: { path: "^provider/", dependencyTypes: ["local"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "sdk-not-emulator",
      severity: "error",
      comment: "The SDK never reaches the emulator or the command-line entries.",
      from: { path: "^sdk/" },
      to: { path: "^(emulator|cli)/" },
    },
    {
      name: "provider-pulumi-types-only",
      severity: "error",
      comment: "The provider uses @pulumi/pulumi only for types; the engine hosts it.",
      from: { path: "^provider/" },
      to: { path: "node_modules/@pulumi/pulumi/", dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^dist/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
