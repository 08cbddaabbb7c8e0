import type { Rng } from '@dnw/tensor';
import { AllowedTopk, SubsetTopk } from './select.js';
import type { ChooseContext, EdgeStrategy, StrategySpec, StrategyState } from './strategy.js';

/** The in-edges of each node of an edge set: group g holds positions[ptr[g] .. ptr[g+1]). */
export interface EdgeGroups {
  readonly positions: Int32Array;
  readonly ptr: Int32Array;
}

export interface StrategyInit {
  readonly size: number;
  readonly allowed: Uint8Array | null;
  readonly allowedCount: number;
  readonly k: number;
  /** The allowed in-edges of every to-node (only the per-node strategies ask for it). */
  readonly groups: () => EdgeGroups;
  /** Randomness for choices fixed at creation (the random graph). */
  readonly rng: Rng;
  /** A saved state to restore (frozen masks of fine-tune and lottery, a saved random graph). */
  readonly restored?: StrategyState;
}

/** A strategy instance for one edge set. Throws on a spec it cannot honour (a frozen mask missing). */
export function createStrategy(spec: StrategySpec, init: StrategyInit): EdgeStrategy {
  switch (spec.name) {
    case 'dnw':
      return topk('dnw', 'allowed');
    case 'dnw-no-update':
      return topk('dnw-no-update', 'chosen');
    case 'complete':
      return complete();
    case 'random':
      return fixedMask('random', init.restored?.mask ?? randomMask(init), init, undefined);
    case 'fine-tune':
    case 'lottery':
    case 'fixed': {
      const mask = init.restored?.mask;
      if (mask === undefined) {
        const how = spec.name === 'fixed' ? 'pass the mask as the restored state' : `build the model with ${spec.name === 'lottery' ? 'lotteryFrom' : 'fineTuneFrom'}(trainedCompleteModel, ...)`;
        throw new Error(`strategy '${spec.name}' needs a frozen mask: ${how}`);
      }
      return fixedMask(spec.name, mask, init, init.restored?.rewind);
    }
    case 'targeted-dropout':
      return targetedDropout(checkRate(spec.dropRate));
    case 'targeted-dropout-node':
      return targetedDropoutNode(checkRate(spec.dropRate), init);
  }
}

function checkRate(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`targeted dropout: dropRate must be in [0, 1], got ${p}`);
  return p;
}

const stateless = (): StrategyState => ({});

/** DNW (straight-through: every allowed edge learns) or DNW without the update (only chosen edges learn). */
function topk(name: 'dnw' | 'dnw-no-update', gradMask: 'allowed' | 'chosen'): EdgeStrategy {
  const sel = new AllowedTopk();
  return {
    name,
    gradMask,
    choose: (w, allowed, k, _ctx, out) => sel.choose(w, allowed, k, out),
    state: stateless,
  };
}

function complete(): EdgeStrategy {
  return {
    name: 'complete',
    gradMask: 'chosen',
    choose: (_w, allowed, _k, _ctx, out) => {
      if (allowed === null) out.fill(1);
      else out.set(allowed);
    },
    state: stateless,
  };
}

/** min(k, #allowed) allowed positions, uniformly at random (a partial Fisher-Yates over them). */
function randomMask(init: StrategyInit): Uint8Array {
  const positions = new Int32Array(init.allowedCount);
  let n = 0;
  for (let i = 0; i < init.size; i++) if (init.allowed === null || init.allowed[i] !== 0) positions[n++] = i;
  const m = Math.max(0, Math.min(init.k, n));
  const mask = new Uint8Array(init.size);
  for (let i = 0; i < m; i++) {
    const j = i + init.rng.int(n - i);
    const t = positions[i];
    positions[i] = positions[j];
    positions[j] = t;
    mask[positions[i]] = 1;
  }
  return mask;
}

function fixedMask(name: 'random' | 'fine-tune' | 'lottery' | 'fixed', mask: Uint8Array, init: StrategyInit, rewind: Float32Array | undefined): EdgeStrategy {
  if (mask.length !== init.size) throw new RangeError(`strategy '${name}': mask has ${mask.length} entries, the edge set ${init.size}`);
  if (init.allowed !== null) {
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] !== 0 && init.allowed[i] === 0) throw new RangeError(`strategy '${name}': mask chooses disallowed position ${i}`);
    }
  }
  const frozen = mask.slice();
  return {
    name,
    gradMask: 'chosen',
    choose: (_w, _allowed, _k, _ctx, out) => out.set(frozen),
    state: () => (rewind === undefined ? { mask: frozen } : { mask: frozen, rewind }),
  };
}

/**
 * Targeted dropout (Gomez et al.): the candidates are the allowed edges outside the top-k of the
 * signed weights' magnitudes; in training each is dropped with probability p, in evaluation always.
 * The weights keep their sign (the reference's get_weight returns |w| here: a bug we do not copy).
 */
function targetedDropout(p: number): EdgeStrategy {
  const sel = new AllowedTopk();
  return {
    name: 'targeted-dropout',
    gradMask: 'chosen',
    choose: (w, allowed, k, ctx, out) => {
      sel.choose(w, allowed, k, out);
      if (ctx.training) keepCandidates(allowed, out, p, ctx);
    },
    state: stateless,
  };
}

function keepCandidates(allowed: Uint8Array | null, out: Uint8Array, p: number, ctx: ChooseContext): void {
  const { rng } = ctx;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === 0 && (allowed === null || allowed[i] !== 0) && rng.uniform() >= p) out[i] = 1;
  }
}

/**
 * Per-node ("regular") targeted dropout: the budget is split over the to-nodes in proportion to
 * their allowed in-edges (largest remainder, so the shares sum to min(k, #allowed) exactly) and the
 * top-k runs inside each node's in-edges.
 */
function targetedDropoutNode(p: number, init: StrategyInit): EdgeStrategy {
  const groups = init.groups();
  const sel = new SubsetTopk();
  let budgets: Int32Array | null = null;
  let budgetK = -1;
  return {
    name: 'targeted-dropout-node',
    gradMask: 'chosen',
    choose: (w, allowed, k, ctx, out) => {
      if (budgets === null || budgetK !== k) {
        budgets = nodeBudgets(groups.ptr, k);
        budgetK = k;
      }
      out.fill(0);
      for (let g = 0; g + 1 < groups.ptr.length; g++) sel.select(w, groups.positions, groups.ptr[g], groups.ptr[g + 1], budgets[g], out);
      if (ctx.training) keepCandidates(allowed, out, p, ctx);
    },
    state: stateless,
  };
}

/** Split min(k, total) over groups in proportion to their sizes, by largest remainder. */
export function nodeBudgets(ptr: Int32Array, k: number): Int32Array {
  const groups = ptr.length - 1;
  const total = ptr[groups] - ptr[0];
  const m = Math.max(0, Math.min(k, total));
  const out = new Int32Array(groups);
  if (total === 0) return out;
  const rem = new Float64Array(groups);
  let given = 0;
  for (let g = 0; g < groups; g++) {
    const exact = (m * (ptr[g + 1] - ptr[g])) / total;
    out[g] = Math.floor(exact);
    rem[g] = exact - out[g];
    given += out[g];
  }
  const order = Array.from({ length: groups }, (_, g) => g).sort((a, b) => rem[b] - rem[a] || a - b);
  for (let i = 0; given < m; i++) {
    const g = order[i % groups];
    if (out[g] < ptr[g + 1] - ptr[g]) {
      out[g]++;
      given++;
    }
  }
  return out;
}
