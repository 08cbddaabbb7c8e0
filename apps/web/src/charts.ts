/**
 * The three live curves (training loss, test accuracy, edges swapped per step) as uPlot charts. They
 * are redrawn by `update`, which the page calls at most once per animation frame and only when the
 * run record changed.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from '@dnw/pipeline';
import { byId } from './dom.js';

export interface Charts {
  update(loss: Series, accuracy: Series, churn: Series): void;
  resize(): void;
}

const chart = (el: HTMLElement, label: string, colour: string, range?: [number, number]): uPlot =>
  new uPlot(
    {
      width: Math.max(200, el.clientWidth),
      height: 150,
      legend: { show: false },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: false }, y: range ? { range } : { auto: true } },
      axes: [{ label: 'step', size: 36 }, { size: 48 }],
      // Points only while a series is short (a replayed file may hold a handful of evaluations).
      series: [{}, { label, stroke: colour, width: 1.5, points: { show: (_u, _s, i0, i1) => i1 - i0 < 40, size: 5 } }],
    },
    [[], []],
    el,
  );

export const createCharts = (): Charts => {
  const hosts = [byId('chart-loss'), byId('chart-acc'), byId('chart-churn')];
  const plots = [
    chart(hosts[0], 'loss', '#c92a2a'),
    chart(hosts[1], 'accuracy', '#2b8a3e', [0, 1]),
    chart(hosts[2], 'edges swapped / step', '#5f3dc4'),
  ];
  const lengths = [-1, -1, -1];
  return {
    update(loss, accuracy, churn) {
      [loss, accuracy, churn].forEach((s, i) => {
        // The series only grow (or restart on reset): an unchanged length means nothing to redraw.
        if (s.step.length === lengths[i]) return;
        lengths[i] = s.step.length;
        plots[i].setData([s.step as number[], s.value as number[]]);
      });
    },
    resize() {
      plots.forEach((p, i) => p.setSize({ width: Math.max(200, hosts[i].clientWidth), height: 150 }));
    },
  };
};
