// Who is employed today and which open episodes each facilitator carries.
import { fit } from './tables.ts';
import type { Random } from './random.ts';

export class Caseloads {
  /** Open episodes per facilitator. */
  readonly load: Int32Array;
  /** Each facilitator's open episodes as a doubly linked list over episode indexes. */
  readonly head: Int32Array;
  private prev: Int32Array;
  private next: Int32Array;
  /** Current facilitator of each open episode. */
  current: Int32Array;
  private readonly employed: Int32Array;
  private readonly employedAt: Int32Array;
  employedCount = 0;

  constructor(staffCount: number, episodeCapacity: number) {
    this.load = new Int32Array(staffCount);
    this.head = new Int32Array(staffCount).fill(-1);
    this.employed = new Int32Array(staffCount);
    this.employedAt = new Int32Array(staffCount).fill(-1);
    this.prev = new Int32Array(episodeCapacity);
    this.next = new Int32Array(episodeCapacity);
    this.current = new Int32Array(episodeCapacity);
  }

  employ(f: number): void {
    this.employedAt[f] = this.employedCount;
    this.employed[this.employedCount++] = f;
  }

  dismiss(f: number): void {
    const at = this.employedAt[f];
    const last = this.employed[--this.employedCount];
    this.employed[at] = last;
    this.employedAt[last] = at;
    this.employedAt[f] = -1;
  }

  /** The less loaded of two random employed facilitators (other than `except`): keeps caseloads even and bounded. */
  choose(random: Random, except: number): number {
    if (this.employedCount === 0) throw new Error('no facilitator is employed on a day with a new case; use more facilitators');
    let best = -1;
    for (let tries = 0; tries < 2 || best < 0; tries++) {
      const f = this.employed[random.int(this.employedCount)];
      if (f === except && this.employedCount > 1) continue;
      if (best < 0 || this.load[f] < this.load[best]) best = f;
      if (tries > 20) break;
    }
    return best;
  }

  join(e: number, f: number): void {
    if (e >= this.current.length) {
      this.prev = fit(this.prev, e + 1);
      this.next = fit(this.next, e + 1);
      this.current = fit(this.current, e + 1);
    }
    this.current[e] = f;
    this.load[f]++;
    this.prev[e] = -1;
    this.next[e] = this.head[f];
    if (this.head[f] >= 0) this.prev[this.head[f]] = e;
    this.head[f] = e;
  }

  leave(e: number): void {
    const f = this.current[e];
    this.load[f]--;
    if (this.prev[e] >= 0) this.next[this.prev[e]] = this.next[e];
    else this.head[f] = this.next[e];
    if (this.next[e] >= 0) this.prev[this.next[e]] = this.prev[e];
  }
}
