/**
 * The page: controls, the wiring view, the slider over recorded wirings and the live charts. Training
 * runs in a worker (trainer.ts); this thread folds its events with @dnw/pipeline's operators and draws
 * at most once per animation frame, so the page stays responsive however fast events arrive.
 */
import './style.css';
import { filter, Subscription, switchMap, take } from 'rxjs';
import { emptyMetrics, isEvent, metrics, sampleRewirings, STRATEGIES, wiringHistory, type Metrics, type ModelSummary, type Series, type TrainEvent, type WiringHistory } from '@dnw/pipeline';
import { createCharts } from './charts.js';
import { emptyChurn, extendChurn, type Churn } from './churn.js';
import { byId } from './dom.js';
import { encodeHistory, parseHistory } from './history-file.js';
import { DEFAULT_BUDGET, demoConfig, rewireSampling, type GraphKind, type ViewName } from './presets.js';
import { startRun, type Run } from './trainer.js';
import { describeNode, inputSide, shapeOf, type GraphShape } from './wiring.js';
import { createWiringView } from './wiring-view.js';

type Phase = 'idle' | 'running' | 'paused' | 'done' | 'error' | 'replay';

const el = {
  kind: byId('kind', HTMLSelectElement),
  strategy: byId('strategy', HTMLSelectElement),
  budget: byId('budget', HTMLInputElement),
  epochs: byId('epochs', HTMLInputElement),
  pace: byId('pace', HTMLSelectElement),
  budgetLabel: byId('budget-label'),
  start: byId('start', HTMLButtonElement),
  pause: byId('pause', HTMLButtonElement),
  reset: byId('reset', HTMLButtonElement),
  file: byId('history-file', HTMLInputElement),
  save: byId('save-history', HTMLButtonElement),
  error: byId('error'),
  status: byId('status'),
  summary: byId('model-summary'),
  canvas: byId('wiring', HTMLCanvasElement),
  tip: byId('node-tip'),
  pixels: byId('pixels'),
  inputMap: byId('input-map', HTMLCanvasElement),
  slider: byId('history-slider', HTMLInputElement),
  shownStep: byId('shown-step', HTMLOutputElement),
  follow: byId('follow', HTMLInputElement),
  tabs: { graph: byId('view-graph', HTMLButtonElement), mlp: byId('view-mlp', HTMLButtonElement) },
  r: { step: byId('r-step'), loss: byId('r-loss'), acc: byId('r-acc'), edges: byId('r-edges'), unused: byId('r-unused'), churn: byId('r-churn'), backend: byId('r-backend'), speed: byId('r-speed') },
};

const KIND_LABEL: Readonly<Record<string, string>> = { static: 'static graph', discrete: 'discrete-time graph', continuous: 'continuous-time graph', mlp: 'layered network' };
const kindLabel = (kind: string) => KIND_LABEL[kind] ?? `${kind} model`;

/** Everything drawn comes from here; events mutate it and ask for a frame. */
const state = {
  phase: 'idle' as Phase,
  view: 'graph' as ViewName,
  shape: null as GraphShape | null,
  /** The live run's model, from its start event (null for a replay). */
  model: null as ModelSummary | null,
  summary: '',
  backend: '–',
  history: null as WiringHistory | null,
  metrics: emptyMetrics as Metrics,
  churn: emptyChurn() as Churn,
  /** Accuracy and loss read from a replayed file: whole series, and the values at each snapshot. */
  replay: null as { loss: Series; accuracy: Series; lossAt: Float64Array; accuracyAt: Float64Array } | null,
  /** Index of the shown wiring; follows the newest while `follow` is checked. */
  shown: 0,
  /** The node under the pointer, if any. */
  focus: null as number | null,
  firstLoss: NaN,
  speed: { t0: 0, step0: 0, stepsPerSec: NaN },
};

const view = createWiringView(el.canvas, el.inputMap);
const charts = createCharts();
let run: { run: Run; subs: Subscription } | null = null;

// ---- drawing, at most once per animation frame ----

let frame = 0;
/** Moving average of the wiring view's draw time (ms), for the readout and for measuring. */
let drawMs = NaN;
const invalidate = () => {
  if (frame === 0) frame = requestAnimationFrame(render);
};

const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const last = (s: Series) => (s.value.length > 0 ? s.value[s.value.length - 1] : NaN);

function render() {
  frame = 0;
  const h = state.history;
  const count = h?.length ?? 0;
  if (el.follow.checked || state.shown >= count) state.shown = Math.max(0, count - 1);
  el.slider.max = String(Math.max(0, count - 1));
  el.slider.value = String(state.shown);
  el.slider.disabled = count < 2;
  el.save.disabled = state.model === null || count === 0;
  const wiring = h !== null && count > 0 ? h.at(state.shown) : null;
  const previous = h !== null && state.shown > 0 ? h.at(state.shown - 1) : null;
  const focus = state.shape !== null && state.focus !== null && state.focus < state.shape.blocks.reduce((a, b) => a + b, 0) ? state.focus : null;
  const stats = state.shape === null ? null : view.draw({ shape: state.shape, wiring, previous, focus });
  const at = focus === null ? null : view.nodePosition(focus);
  el.tip.hidden = at === null;
  if (at !== null && state.shape !== null && focus !== null) {
    el.tip.textContent = describeNode(state.shape, wiring, focus);
    el.tip.style.left = `${el.canvas.offsetLeft + at.x + 12}px`;
    el.tip.style.top = `${el.canvas.offsetTop + at.y - 8}px`;
  }
  if (stats !== null && stats.fresh) drawMs = Number.isNaN(drawMs) ? stats.ms : 0.9 * drawMs + 0.1 * stats.ms;
  const shownStep = wiring?.step ?? 0;
  el.shownStep.value = wiring === null ? 'no wiring yet' : `step ${shownStep} (${state.shown + 1} of ${count})`;

  const loss = state.replay?.loss ?? state.metrics.trainLoss;
  const accuracy = state.replay?.accuracy ?? state.metrics.testAccuracy;
  charts.update(loss, accuracy, state.churn.perStep);
  // A replay reads out the values recorded with the shown wiring; a live run, the newest ones.
  const replay = state.replay;
  const step = replay !== null ? shownStep : state.metrics.step;
  const lossNow = replay !== null ? (replay.lossAt[state.shown] ?? NaN) : last(loss);
  const accNow = replay !== null ? (replay.accuracyAt[state.shown] ?? NaN) : last(accuracy);
  el.r.step.textContent = String(step);
  el.r.loss.textContent = fmt(lossNow, 4);
  el.r.acc.textContent = Number.isFinite(accNow) ? `${(100 * accNow).toFixed(1)}%` : '–';
  el.r.edges.textContent = stats === null ? '0' : `${stats.edges} (+${stats.entered} / −${stats.left})`;
  el.r.unused.textContent = stats === null ? '–' : String(stats.unconnected);
  el.r.churn.textContent = String(state.churn.total);
  el.r.backend.textContent = state.backend;
  el.r.speed.textContent = fmt(state.speed.stepsPerSec, 0);
  el.summary.textContent = state.summary;
  el.pixels.hidden = state.shape === null || inputSide(state.shape) === null || wiring === null;

  // Numbers for tests and for anyone scripting the page.
  Object.assign(document.body.dataset, {
    phase: state.phase,
    view: state.view,
    step: String(step),
    loss: String(lossNow),
    firstLoss: String(state.firstLoss),
    accuracy: String(accNow),
    wirings: String(count),
    shownIndex: String(state.shown),
    shownStep: String(shownStep),
    edges: String(stats?.edges ?? 0),
    entered: String(stats?.entered ?? 0),
    left: String(stats?.left ?? 0),
    swapped: String(state.churn.total),
    strokes: String(stats?.strokes ?? 0),
    unconnected: String(stats?.unconnected ?? 0),
    unconnectedInputs: String(stats?.unconnectedInputs ?? 0),
    drawMs: drawMs.toFixed(3),
    focus: focus === null ? '' : String(focus),
    backend: state.backend,
  });
}

// ---- controls ----

const setPhase = (phase: Phase) => {
  state.phase = phase;
  el.start.disabled = phase === 'running' || phase === 'paused';
  el.pause.disabled = !(phase === 'running' || phase === 'paused');
  el.pause.textContent = phase === 'paused' ? 'Resume' : 'Pause';
  for (const c of [el.kind, el.strategy, el.budget, el.epochs, el.tabs.graph, el.tabs.mlp]) c.disabled = phase === 'running' || phase === 'paused';
  invalidate();
};

const setStatus = (text: string) => {
  el.status.textContent = text;
};

const showError = (message: string | null) => {
  el.error.hidden = message === null;
  el.error.textContent = message ?? '';
};

const stopRun = () => {
  run?.subs.unsubscribe();
  run = null;
};

/**
 * Terminates the finished run's worker once every subscriber has seen the last event (the history's
 * `sampleRewirings` flushes its held rewiring on `done`, after this handler runs). What was recorded stays.
 */
const endRunSoon = () => {
  const finished = run;
  setTimeout(() => {
    if (run === finished) stopRun();
  }, 0);
};

const clear = () => {
  stopRun();
  state.shape = null;
  state.model = null;
  state.history = null;
  state.metrics = emptyMetrics;
  state.churn = emptyChurn();
  state.replay = null;
  state.shown = 0;
  state.focus = null;
  state.firstLoss = NaN;
  state.summary = '';
  state.backend = '–';
  state.speed = { t0: 0, step0: 0, stepsPerSec: NaN };
  el.follow.checked = true;
  view.clear();
  showError(null);
};

const onEvent = (e: TrainEvent) => {
  switch (e.type) {
    case 'start':
      state.model = e.model;
      state.shape = shapeOf(e.model);
      state.backend = e.model.backend;
      state.summary = `${kindLabel(e.model.kind)} · ${e.model.strategy} · ${e.model.nodes} nodes in blocks ${e.model.blocks.join(' / ')} · k = ${e.model.budget} of ${e.model.allowedEdges} allowed edges`;
      // The graph clamps a budget above its allowed edges to all of them; the pipeline says when, and
      // so does the page, rather than show a different k without comment.
      setStatus(
        e.budgetClamped !== null
          ? `Training ${e.totalSteps} steps… Note: k = ${e.budgetClamped.requested} was asked for, but this graph allows only ${e.model.allowedEdges} edges, so it uses all of them.`
          : `Training ${e.totalSteps} steps…`,
      );
      state.speed = { t0: performance.now(), step0: e.resumedFrom?.step ?? 0, stepsPerSec: NaN };
      break;
    case 'step': {
      if (Number.isNaN(state.firstLoss)) state.firstLoss = e.loss;
      const dt = (performance.now() - state.speed.t0) / 1000;
      if (dt > 0.2) state.speed.stepsPerSec = (e.step - state.speed.step0) / dt;
      break;
    }
    case 'done':
      setPhase('done');
      setStatus(`Done: ${(100 * e.test.accuracy).toFixed(1)}% test accuracy after ${e.step} steps, ${e.edges} edges, ${e.liveNodes} live nodes, ${e.seconds.toFixed(1)} s.`);
      endRunSoon();
      break;
    case 'error':
      setPhase('error');
      showError(`Training stopped (${e.kind}): ${e.message}`);
      setStatus('');
      endRunSoon();
      break;
    default:
      break;
  }
  invalidate();
};

const currentChoice = () => ({
  view: state.view,
  kind: el.kind.value as GraphKind,
  strategy: el.strategy.value as (typeof STRATEGIES)[number],
  budget: Number(el.budget.value),
  epochs: Number(el.epochs.value),
});

const start = () => {
  const choice = currentChoice();
  const budgetOk = state.view === 'graph' ? Number.isInteger(choice.budget) && choice.budget >= 2 : Number.isFinite(choice.budget) && choice.budget >= 1 && choice.budget <= 100;
  if (!budgetOk) {
    showError(state.view === 'graph' ? `Edge budget k: expected a whole number of edges, at least 2; got "${el.budget.value}".` : `Weights kept: expected a percentage from 1 to 100; got "${el.budget.value}".`);
    return;
  }
  if (!(Number.isInteger(choice.epochs) && choice.epochs >= 1)) {
    showError(`Epochs: expected a whole number, at least 1; got "${el.epochs.value}".`);
    return;
  }
  clear();
  const demo = demoConfig(choice);
  const r = startRun(demo.config, new URL(`mnist/${demo.pool[0]}x${demo.pool[1]}/`, document.baseURI).href, Number(el.pace.value));
  const subs = new Subscription();
  subs.add(r.status.subscribe(setStatus));
  subs.add(r.events.subscribe({ next: onEvent }));
  subs.add(r.events.pipe(metrics()).subscribe((m) => ((state.metrics = m), invalidate())));
  // The history keeps a bounded number of wirings: how many rewirings to compose into one depends on
  // the run's length and budget, known from its start event (which comes before the first rewire).
  subs.add(
    r.events
      .pipe(
        filter(isEvent('start')),
        take(1),
        switchMap((s) => r.events.pipe(sampleRewirings(rewireSampling(s.totalSteps, s.config.rewireEvery, s.model.budget)), wiringHistory())),
      )
      .subscribe((h) => {
        state.history = h;
        extendChurn(state.churn, h);
        invalidate();
      }),
  );
  run = { run: r, subs };
  setStatus('Starting the training worker…');
  setPhase('running');
  el.pace.disabled = !r.canPace;
  el.pace.title = r.canPace ? '' : 'Keeping a pace needs a cross-origin isolated page (SharedArrayBuffer): this run goes as fast as it can.';
};

const togglePause = () => {
  if (run === null) return;
  if (state.phase === 'running') {
    run.run.pause();
    setPhase('paused');
    setStatus('Paused.');
  } else if (state.phase === 'paused') {
    run.run.resume();
    state.speed = { t0: performance.now(), step0: state.metrics.step, stepsPerSec: NaN };
    setPhase('running');
    setStatus('Training…');
  }
};

const reset = () => {
  clear();
  setStatus('Ready. Press Start to train on MNIST in a worker.');
  setPhase('idle');
};

const selectView = (v: ViewName) => {
  if (state.view === v) return;
  state.view = v;
  el.tabs.graph.setAttribute('aria-selected', String(v === 'graph'));
  el.tabs.mlp.setAttribute('aria-selected', String(v === 'mlp'));
  el.kind.closest('label')!.hidden = v === 'mlp';
  el.budgetLabel.textContent = v === 'graph' ? 'Edge budget k' : 'Weights kept per layer (%)';
  el.budget.min = v === 'graph' ? '2' : '1';
  el.budget.max = v === 'graph' ? '' : '100';
  el.budget.value = String(DEFAULT_BUDGET[v]);
  reset();
};

// ---- replaying a wiring history exported by `dnw export` ----

const openHistory = (text: string, source: string) => {
  const decoded = parseHistory(text);
  clear();
  if (decoded._tag === 'Left') {
    setPhase('idle');
    setStatus('');
    showError(`Could not open the wiring history ${source}: ${decoded.left}`);
    return;
  }
  const { model, history, loss, accuracy, lossAt, accuracyAt } = decoded.right;
  state.shape = shapeOf(model);
  state.history = history;
  state.replay = { loss, accuracy, lossAt, accuracyAt };
  state.summary = `replay of ${source}: ${kindLabel(model.kind)} · ${model.strategy} · ${model.nodes} nodes in blocks ${model.blocks.join(' / ')} · k = ${model.budget}`;
  extendChurn(state.churn, history);
  el.follow.checked = false;
  state.shown = 0;
  setPhase('replay');
  setStatus(`Replaying ${history.length} recorded wirings (steps ${history.stepAt(0)} to ${history.stepAt(history.length - 1)}). Move the slider.`);
};

const loadHistoryUrl = async (url: string) => {
  setStatus(`Fetching ${url}…`);
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    openHistory(await res.text(), url);
  } catch (e) {
    clear();
    setPhase('idle');
    setStatus('');
    showError(`Could not fetch the wiring history ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
};

// ---- wiring up ----

for (const s of STRATEGIES) el.strategy.add(new Option(s, s, s === 'dnw', s === 'dnw'));
el.start.addEventListener('click', start);
el.pause.addEventListener('click', togglePause);
el.reset.addEventListener('click', reset);
el.tabs.graph.addEventListener('click', () => selectView('graph'));
el.tabs.mlp.addEventListener('click', () => selectView('mlp'));
el.slider.addEventListener('input', () => {
  state.shown = Number(el.slider.value);
  el.follow.checked = state.history !== null && state.shown === state.history.length - 1 && state.phase !== 'replay';
  invalidate();
});
el.follow.addEventListener('change', invalidate);
// The pace may change during a run; the speed readout restarts its average from here.
el.pace.addEventListener('change', () => {
  run?.run.setPace(Number(el.pace.value));
  state.speed = { t0: performance.now(), step0: state.metrics.step, stepsPerSec: NaN };
});
el.canvas.addEventListener('pointermove', (e) => {
  const v = view.nodeAt(e.offsetX, e.offsetY);
  if (v !== state.focus) {
    state.focus = v;
    invalidate();
  }
});
el.canvas.addEventListener('pointerleave', () => {
  state.focus = null;
  invalidate();
});
el.save.addEventListener('click', () => {
  if (state.model === null || state.history === null) return;
  const json = encodeHistory(state.model, state.history, state.metrics.trainLoss, state.metrics.testAccuracy);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  a.download = `wiring-${state.model.kind}-${state.model.strategy}-step${state.history.stepAt(state.history.length - 1)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
});
el.file.addEventListener('change', async () => {
  const f = el.file.files?.[0];
  if (f === undefined) return;
  stopRun();
  openHistory(await f.text(), f.name);
  el.file.value = '';
});
new ResizeObserver(() => {
  view.resize();
  charts.resize();
  invalidate();
}).observe(el.canvas);

/**
 * A setup in the address, for links that open a given demo: `?view=mlp&strategy=random&k=20&epochs=3`,
 * `&kind=discrete` for the graph view, `&pace=0` (steps per second, 0 for no limit), `&start=1` to
 * start at once. Returns the problems, one per bad
 * parameter, so a mistyped link says what is wrong instead of silently showing the default.
 */
const applyQuery = (q: URLSearchParams): string[] => {
  const problems: string[] = [];
  const view = q.get('view');
  if (view !== null) {
    if (view === 'graph' || view === 'mlp') selectView(view);
    else problems.push(`view: expected graph or mlp, got "${view}"`);
  }
  const pick = (name: string, select: HTMLSelectElement) => {
    const v = q.get(name);
    if (v === null) return;
    const allowed = [...select.options].map((o) => o.value);
    if (allowed.includes(v)) select.value = v;
    else problems.push(`${name}: expected one of ${allowed.join(', ')}, got "${v}"`);
  };
  pick('kind', el.kind);
  pick('strategy', el.strategy);
  pick('pace', el.pace);
  const k = q.get('k');
  if (k !== null) el.budget.value = k;
  const epochs = q.get('epochs');
  if (epochs !== null) el.epochs.value = epochs;
  return problems;
};

const query = new URLSearchParams(location.search);
const historyParam = query.get('history');
if (historyParam !== null) void loadHistoryUrl(new URL(historyParam, location.href).href);
else {
  reset();
  const problems = applyQuery(query);
  if (problems.length > 0) showError(`This page's address has settings it cannot use:\n${problems.join('\n')}`);
  else if (query.get('start') === '1') start();
}
