/* eslint-disable @typescript-eslint/no-require-imports -- the soak is a plain Node script */
const { runSoak } = require("../../scripts/soak/run");

jest.setTimeout(600_000);

it("a short fixed-seed soak, with one killed up, keeps every invariant", async () => {
  const figures = await runSoak({ rounds: 4, organizations: 3, seed: 11, kills: 1 });
  expect(figures.rounds).toBe(4);
  expect(figures.kills).toBe(1);
  expect(figures.operations).toBeGreaterThan(3);
  expect(Object.values(figures.faults).reduce((a: number, b) => a + Number(b), 0)).toBeGreaterThan(
    0,
  );
  expect(figures.details).toEqual([]);
  expect(figures.unconverged).toBe(0);
  expect(figures.violations).toEqual({
    duplicates: 0,
    orphans: 0,
    dangling: 0,
    mismatches: 0,
    "perpetual diffs": 0,
  });
});
