// Growable typed-array columns for episodes and assignments: a million rows without a million objects.

/** Grows a typed array to hold at least n items (doubling). */
export function fit<T extends Int32Array | Uint8Array | Int8Array>(array: T, n: number): T {
  if (n <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(n, array.length * 2));
  bigger.set(array);
  return bigger;
}

export class EpisodeTable {
  count = 0;
  client: Int32Array;
  program: Uint8Array;
  /** Facilitator of record: the one at exit, or now for open episodes. */
  facilitator: Int32Array;
  start: Int32Array;
  /** Exit day, or -1 while open. */
  end: Int32Array;
  /** Index into exitReasons, or -1 while open. */
  exit: Int8Array;
  /** Day the stay would end at the current facilitator's pace. */
  planned: Int32Array;
  /** Birthday on which the client ages out of the program. */
  ageOut: Int32Array;
  /** Bit 1: a no-show (short stay); bit 2: a new referral (may bring a concurrent second program). */
  flags: Uint8Array;
  /** The open assignment: the latest one begun for the episode. */
  lastAssignment: Int32Array;

  constructor(capacity: number) {
    this.client = new Int32Array(capacity);
    this.program = new Uint8Array(capacity);
    this.facilitator = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.exit = new Int8Array(capacity);
    this.planned = new Int32Array(capacity);
    this.ageOut = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.lastAssignment = new Int32Array(capacity);
  }

  /** Adds an open episode and returns its index. */
  add(client: number, program: number, start: number): number {
    const e = this.count++;
    if (e === this.client.length) this.grow(e + 1);
    this.client[e] = client;
    this.program[e] = program;
    this.start[e] = start;
    this.end[e] = -1;
    this.exit[e] = -1;
    return e;
  }

  /** The day the episode will end: its planned end or the client's ageing out, whichever comes first. */
  exitDay(e: number): number {
    return Math.min(this.planned[e], this.ageOut[e]);
  }

  private grow(n: number): void {
    this.client = fit(this.client, n);
    this.program = fit(this.program, n);
    this.facilitator = fit(this.facilitator, n);
    this.start = fit(this.start, n);
    this.end = fit(this.end, n);
    this.exit = fit(this.exit, n);
    this.planned = fit(this.planned, n);
    this.ageOut = fit(this.ageOut, n);
    this.flags = fit(this.flags, n);
    this.lastAssignment = fit(this.lastAssignment, n);
  }
}

/** Periods during which one facilitator had one episode, in the order they began. */
export class AssignmentTable {
  count = 0;
  episode: Int32Array;
  staff: Int32Array;
  start: Int32Array;
  /** Last day, or -1 while current. */
  end: Int32Array;

  constructor(capacity: number) {
    this.episode = new Int32Array(capacity);
    this.staff = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  begin(episode: number, staff: number, day: number): number {
    const i = this.count++;
    if (i === this.episode.length) {
      this.episode = fit(this.episode, i + 1);
      this.staff = fit(this.staff, i + 1);
      this.start = fit(this.start, i + 1);
      this.end = fit(this.end, i + 1);
    }
    this.episode[i] = episode;
    this.staff[i] = staff;
    this.start[i] = day;
    this.end[i] = -1;
    return i;
  }
}

/** Events per day as linked lists in flat arrays; each event carries two integers. */
export class DayQueue {
  private readonly head: Int32Array;
  private next = new Int32Array(1024);
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  private size = 0;

  constructor(private readonly first: number, days: number) {
    this.head = new Int32Array(days).fill(-1);
  }

  add(day: number, a: number, b: number): void {
    const i = this.size++;
    this.next = fit(this.next, this.size);
    this.a = fit(this.a, this.size);
    this.b = fit(this.b, this.size);
    this.a[i] = a;
    this.b[i] = b;
    this.next[i] = this.head[day - this.first];
    this.head[day - this.first] = i;
  }

  /** Removes and returns the day's most recently added event, or -1. */
  take(day: number): number {
    const i = this.head[day - this.first];
    if (i >= 0) this.head[day - this.first] = this.next[i];
    return i;
  }
}
