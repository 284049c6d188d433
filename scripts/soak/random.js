"use strict";
// A seeded random source, so a soak run can be replayed from its --seed.
const { xoroshiro128plus } = require("pure-rand/generator/xoroshiro128plus");
const { uniformInt } = require("pure-rand/distribution/uniformInt");

class Random {
  constructor(seed) {
    this.rng = xoroshiro128plus(seed);
  }

  /** A whole number from min to max, both included. */
  int(min, max) {
    return uniformInt(this.rng, min, max);
  }

  /** True with probability p. */
  chance(p) {
    return this.int(0, 9999) < p * 10000;
  }

  pick(items) {
    return items[this.int(0, items.length - 1)];
  }

  /** Up to `count` distinct items, in random order. */
  sample(items, count) {
    const pool = [...items];
    const out = [];
    while (out.length < count && pool.length > 0)
      out.push(pool.splice(this.int(0, pool.length - 1), 1)[0]);
    return out;
  }
}

module.exports = { Random };
