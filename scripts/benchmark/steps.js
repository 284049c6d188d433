"use strict";
// The steps the benchmark times, in the order a team meets them. Each says the state it starts
// from, the state it leaves, and the provider method that does its Graph work (with how many
// calls of it the step makes), so the floor can wait as long as the package's requests do.

/** @typedef {"empty" | "deployed"} StackState */

const STEPS = [
  {
    name: "up",
    label: "up (create all)",
    needs: "empty",
    leaves: "deployed",
    method: "create",
    calls: (count) => count,
    run: (stack, flags) => stack.up(flags),
  },
  {
    name: "preview",
    label: "preview (no change)",
    needs: "deployed",
    leaves: "deployed",
    run: (stack, flags) => stack.preview(flags),
  },
  {
    name: "up-unchanged",
    label: "up (no change)",
    needs: "deployed",
    leaves: "deployed",
    run: (stack, flags) => stack.up(flags),
  },
  {
    name: "update-one",
    label: "up (one description changed)",
    needs: "deployed",
    leaves: "deployed",
    changesOne: true,
    method: "update",
    calls: () => 1,
    run: (stack, flags) => stack.up(flags),
  },
  {
    name: "refresh",
    label: "refresh",
    needs: "deployed",
    leaves: "deployed",
    method: "read",
    calls: (count) => count,
    run: (stack, flags) => stack.refresh(flags),
  },
  {
    name: "destroy",
    label: "destroy",
    needs: "deployed",
    leaves: "empty",
    method: "delete",
    calls: (count) => count,
    run: (stack, flags) => stack.destroy(flags),
  },
];

/** The steps named in a comma-separated list, in the list's order; all when it is empty. */
function selectSteps(list) {
  if (!list) return STEPS;
  return list.split(",").map((name) => {
    const step = STEPS.find((s) => s.name === name.trim());
    if (!step) {
      throw new Error(
        `--steps: unknown step "${name}"; allowed: ${STEPS.map((s) => s.name).join(", ")}`,
      );
    }
    return step;
  });
}

module.exports = { STEPS, selectSteps };
