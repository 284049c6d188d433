import { retryAfterMs, wholeSeconds } from "../../../provider/graph/retryAfter";

const NOW = Date.parse("2026-11-28T19:00:00.700Z");

describe("retryAfterMs", () => {
  it.each([
    ["120", 120_000],
    ["0", 0],
    [" 7 ", 7000],
    ["1.5", 1500],
    ["0.0004", 1],
    ["2.128", 2128],
  ])("reads delay-seconds %j as %i ms, never less", (header, expected) => {
    expect(retryAfterMs(header, NOW)).toBe(expected);
  });

  it.each([
    ["Sat, 28 Nov 2026 19:00:02 GMT", 1300],
    ["Saturday, 28-Nov-26 19:00:02 GMT", 1300],
    ["Sat Nov 28 19:00:02 2026", 1300],
    ["Sat, 28 Nov 2026 18:59:00 GMT", 0],
  ])("reads the HTTP date %j as the time left until it", (header, expected) => {
    expect(retryAfterMs(header, NOW)).toBe(expected);
  });

  it.each([null, undefined, "", "-1", "1,5", "soon", "1e3", "0x10"])(
    "finds no wait in %j",
    (header) => {
      expect(retryAfterMs(header, NOW)).toBeUndefined();
    },
  );

  it("rounds a wait up to whole seconds", () => {
    expect([0, 1, 999, 1000, 1001, 1300].map(wholeSeconds)).toEqual([0, 1, 1, 1, 2, 2]);
  });
});
