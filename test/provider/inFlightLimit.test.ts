import { inFlightLimit } from "../../provider/inFlightLimit";

/** A send that stays in flight until the test settles it. */
function heldSend(started: number[], index: number) {
  let settle!: (ok: boolean) => void;
  const send = () => {
    started.push(index);
    return new Promise<number>((resolve, reject) => {
      settle = (ok) => (ok ? resolve(index) : reject(new Error(`send ${index} failed`)));
    });
  };
  return { send, settle: (ok: boolean) => settle(ok) };
}

const turnsPass = () => new Promise((resolve) => setImmediate(resolve));

test("at most the limit is in flight; each settled send, answered or failed, lets the next waiting one go, in order", async () => {
  const gate = inFlightLimit(3);
  const started: number[] = [];
  const sends = Array.from({ length: 7 }, (_, i) => heldSend(started, i));
  const send = (i: number) => gate(sends[i].send).catch((error: Error) => error.message);
  const results = [0, 1, 2, 3, 4, 5].map(send);
  await turnsPass();
  expect(started).toEqual([0, 1, 2]);

  sends[1].settle(true);
  await turnsPass();
  expect(started).toEqual([0, 1, 2, 3]);
  results.push(send(6));
  await turnsPass();
  expect(started).toEqual([0, 1, 2, 3]);

  sends[0].settle(false);
  await turnsPass();
  expect(started).toEqual([0, 1, 2, 3, 4]);

  for (const i of [2, 3, 4]) sends[i].settle(true);
  await turnsPass();
  expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  sends[5].settle(true);
  sends[6].settle(true);
  expect(await Promise.all(results)).toEqual(["send 0 failed", 1, 2, 3, 4, 5, 6]);
});

test("a send that throws at once frees its place", async () => {
  const gate = inFlightLimit(1);
  await expect(gate(() => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
  await expect(gate(() => Promise.resolve("sent"))).resolves.toBe("sent");
});
