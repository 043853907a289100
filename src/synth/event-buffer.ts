/**
 * Internal to the synth stage: growable typed-array buffers for flat event columns, so the
 * generator never allocates an object per event.
 *
 * @module
 */

/** Flat activity columns that grow by doubling. */
export class ActivityBuffer {
  n = 0;
  patient: Uint32Array;
  date: Int32Array;
  endDate: Int32Array;
  setting: Uint8Array;
  emergency: Uint8Array;
  bedDays: Float32Array;
  diagnosis: Int32Array;
  cost: Float64Array;

  constructor(capacity: number) {
    const c = Math.max(16, Math.ceil(capacity));
    this.patient = new Uint32Array(c);
    this.date = new Int32Array(c);
    this.endDate = new Int32Array(c);
    this.setting = new Uint8Array(c);
    this.emergency = new Uint8Array(c);
    this.bedDays = new Float32Array(c);
    this.diagnosis = new Int32Array(c);
    this.cost = new Float64Array(c);
  }

  private grow(): void {
    const c = this.patient.length * 2;
    const g = <T extends Uint32Array | Int32Array | Uint8Array | Float32Array | Float64Array>(a: T, C: { new (n: number): T }): T => {
      const b = new C(c);
      b.set(a);
      return b;
    };
    this.patient = g(this.patient, Uint32Array);
    this.date = g(this.date, Int32Array);
    this.endDate = g(this.endDate, Int32Array);
    this.setting = g(this.setting, Uint8Array);
    this.emergency = g(this.emergency, Uint8Array);
    this.bedDays = g(this.bedDays, Float32Array);
    this.diagnosis = g(this.diagnosis, Int32Array);
    this.cost = g(this.cost, Float64Array);
  }

  push(patient: number, date: number, endDate: number, setting: number, emergency: number, bedDays: number, diagnosis: number, cost: number): void {
    if (this.n === this.patient.length) this.grow();
    const k = this.n++;
    this.patient[k] = patient;
    this.date[k] = date;
    this.endDate[k] = endDate;
    this.setting[k] = setting;
    this.emergency[k] = emergency;
    this.bedDays[k] = bedDays;
    this.diagnosis[k] = diagnosis;
    this.cost[k] = cost;
  }

  /** Keeps events whose `keep[k]` is 1, in order; returns trimmed views. */
  compact(keep?: Uint8Array): ActivityBuffer {
    if (keep) {
      let w = 0;
      for (let k = 0; k < this.n; k++) {
        if (keep[k] === 0) continue;
        if (w !== k) {
          this.patient[w] = this.patient[k]!;
          this.date[w] = this.date[k]!;
          this.endDate[w] = this.endDate[k]!;
          this.setting[w] = this.setting[k]!;
          this.emergency[w] = this.emergency[k]!;
          this.bedDays[w] = this.bedDays[k]!;
          this.diagnosis[w] = this.diagnosis[k]!;
          this.cost[w] = this.cost[k]!;
        }
        w++;
      }
      this.n = w;
    }
    return this;
  }
}

/** Flat (patient, code, date, endDate) columns that grow by doubling. */
export class CodedBuffer {
  n = 0;
  patient: Uint32Array;
  code: Uint32Array;
  date: Int32Array;
  endDate: Int32Array;

  constructor(capacity: number) {
    const c = Math.max(16, Math.ceil(capacity));
    this.patient = new Uint32Array(c);
    this.code = new Uint32Array(c);
    this.date = new Int32Array(c);
    this.endDate = new Int32Array(c);
  }

  push(patient: number, code: number, date: number, endDate: number): void {
    if (this.n === this.patient.length) {
      const c = this.patient.length * 2;
      const p = new Uint32Array(c); p.set(this.patient); this.patient = p;
      const q = new Uint32Array(c); q.set(this.code); this.code = q;
      const d = new Int32Array(c); d.set(this.date); this.date = d;
      const e = new Int32Array(c); e.set(this.endDate); this.endDate = e;
    }
    const k = this.n++;
    this.patient[k] = patient;
    this.code[k] = code;
    this.date[k] = date;
    this.endDate[k] = endDate;
  }
}
