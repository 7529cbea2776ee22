/**
 * A small seeded pseudo-random generator, so that a simulation with the same seed writes the
 * same bytes every time. Mulberry32: 32 bits of state, fast, and good enough for traffic and
 * radio noise (it is not for anything secret).
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Spread nearby seeds (1, 2, 3...) apart so their streams do not start alike.
    this.state = (Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A new generator whose stream is independent of this one's future draws. */
  fork(salt: number): Prng {
    return new Prng((Math.floor(this.next() * 4294967296) ^ Math.imul(salt, 0x27d4eb2d)) >>> 0);
  }
}
