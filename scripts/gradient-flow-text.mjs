/**
 * The text of docs/gradient-flow.md around the numbers scripts/gradient-flow-doc.mjs measures.
 * Every figure is interpolated from the measurement; the sentences that depend on which way a
 * number falls are chosen from it, so a regenerated document cannot contradict its tables.
 */

export function gradientFlowText(n) {
  const { T, K, seed, nA, V, v, at, decayPerStep, init, trained, uniform, gated, s0, s1, su } = n;
  const lstm = gated.filter((s) => s.label.startsWith('LSTM'));
  const gru = gated.filter((s) => s.label.startsWith('GRU'));
  const factor = (s) => decayPerStep(s.rows);
  const range = (ss) => {
    const f = ss.map(factor);
    return `${v(Math.min(...f))}–${v(Math.max(...f))}`;
  };
  const trainedGrows = at(trained, T).ratio > 1;
  const gatedBeatUniform = gated.every((s) => factor(s) > factor(uniform));
  const lstmVsGru = Math.max(...lstm.map(factor)) < Math.min(...gru.map(factor)) ? 'a little faster than' : 'about as fast as';
  const w = n.perWindowTotals;
  const [lstmT, gruT] = n.gatedTrained;
  const afterTraining = [
    { name: 'the vanilla RNN', s: trained, loss: Number(n.finalLoss), parameters: n.vanillaParameters, seconds: n.trainSeconds, iterationsRun: n.iterations, before: init },
    { name: 'the LSTM (split)', s: lstmT, loss: lstmT.smoothedLoss, parameters: lstmT.parameters, seconds: lstmT.seconds, iterationsRun: lstmT.iterationsRun, before: lstmT.start },
    { name: 'the GRU (after-matmul/gate-keeps-old)', s: gruT, loss: gruT.smoothedLoss, parameters: gruT.parameters, seconds: gruT.seconds, iterationsRun: gruT.iterationsRun, before: gruT.start },
  ];
  const byFactor = [...afterTraining].sort((a, b) => factor(b.s) - factor(a.s));
  const byLoss = [...afterTraining].sort((a, b) => a.loss - b.loss);
  const side = (c) => (factor(c.s) > 1 ? 'grows' : 'shrinks');
  const change = (c) => (factor(c.s) > factor(c.before) ? 'more' : 'less');
  const trainedTable = [
    '| model | parameters | iterations | training time | smoothed loss at the end | factor per step, lag 1→' + T + ' | ‖∂l⟨T⟩/∂a⟨T−' + T + '⟩‖ / lag 0 | factor at the start of training |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...afterTraining.map((c) => `| ${c.name.replace('the ', '')} | ${c.parameters.toLocaleString('en-US')} | ${c.iterationsRun.toLocaleString('en-US')} | ${c.seconds.toFixed(0)} s | ${c.loss.toFixed(3)} | ${v(factor(c.s))} | ${v(at(c.s, T).ratio)} | ${v(factor(c.before))} |`),
  ].join('\n');
  const sameIterations = afterTraining.every((c) => c.iterationsRun === n.iterations);
  const cap = (text) => text[0].toUpperCase() + text.slice(1);
  return `# Gradient flow: how much of l⟨T⟩'s gradient reaches a⟨t⟩

Written by \`npm run gradient-flow:doc\` (scripts/gradient-flow-doc.mjs, its text in
scripts/gradient-flow-text.mjs) — do not edit by hand. Every number below comes from that run; it is
seeded, so a rerun writes the same numbers (the wall time of the last run was ${n.wall.toFixed(0)} s on
${n.machine}).

The document says that a vanilla RNN loses its gradient over long spans (§2.4, §3.2, eq. (22)) and
that clipping tames the opposite problem (Question D). This page measures both. The quantity is the
gradient of **the last step's loss alone**, l⟨T⟩, with respect to each earlier hidden state a⟨t⟩,
plotted against the lag T − t. BPTT gets it by multiplying ∂l⟨T⟩/∂a⟨T⟩ = Wyaᵀ·(ŷ⟨T⟩ − y⟨T⟩) by one
step Jacobian's transpose per step back:

- vanilla: ∂a⟨t⟩/∂a⟨t−1⟩ = diag(1 − a⟨t⟩²)·Waa — eq. (22) with the tanh derivative the document
  drops ([errata](errata.md));
- LSTM: the 2nA×2nA Jacobian of (a⟨t⟩, c⟨t⟩) with respect to (a⟨t−1⟩, c⟨t−1⟩), from (L2)–(L7)
  ([lstm.md](lstm.md)); the path through c⟨t⟩ is diag(Γf), the forget gate;
- GRU: ∂a⟨t⟩/∂a⟨t−1⟩ from (G1)–(G6) ([gru.md](gru.md)); its direct path is diag(Γu) (or 1 − Γu).

The code is src/flow/jacobians.ts and src/flow/flow.ts. spec/flow/flow.spec.ts checks the product
against two things it does not share code with: the complex-step derivative of l⟨T⟩ with a⟨t⟩ (and
c⟨t⟩) injected into the cell's own forward pass, and, summed over every step's loss, the reference
BPTT's ∂L/∂a⟨0⟩ — for the vanilla cell, both LSTM variants and all four GRU conventions.

**Set-up.** nA = ${nA}, the elements vocabulary (V = ${V}), T = ${T}. The inputs are ${K} sequences of
uniformly random characters (numpy seed ${seed}; x⟨1⟩ = 0 as in the template, a⟨0⟩ = c⟨0⟩ = 0) and
each norm is the geometric mean over them. Random characters are not names: for the trained model
they are inputs it never saw, so its numbers say how the trained recurrence treats an arbitrary
sequence, not a typical name.

The models:

- the vanilla cell at **the course template's initialisation** (Wax, Waa, Wya = randn·0.01, numpy
  seed 1, biases 0 — what \`rnn-oracle train\` starts from);
- the same cell **after ${n.iterations.toLocaleString('en-US')} iterations of \`rnn-oracle train\`** on elements${n.fullRun ? ' (the default run, in full)' : ` (fewer than the default 70,000: this run was made with --iterations ${n.iterations})`},
  learning rate 0.01, clip 5;
- the LSTM (split, PyTorch's layout) and the GRU (PyTorch's convention, after-matmul/gate-keeps-old)
  **after ${n.gatedIterations.toLocaleString('en-US')} iterations of \`rnn-oracle train --cell lstm|gru\`** on elements${n.gatedIterations === n.iterations ? ', as many as the vanilla run' : ` (fewer than the vanilla run's ${n.iterations.toLocaleString('en-US')}: this run was made with --gated-iterations ${n.gatedIterations})`}:
  the template's loop, seeds, learning rate 0.01 and clip 5, from the engines' own initialisation
  (numpy seed 1, weights randn·0.01, biases 0, as the vanilla template);
- the LSTM (both variants) and the GRU (all four conventions) at **PyTorch's default
  initialisation**: every weight uniform in [−1/√nA, 1/√nA] = [−${(1 / Math.sqrt(nA)).toFixed(2)}, ${(1 / Math.sqrt(nA)).toFixed(2)}], biases 0 (the
  LSTM's forget bias too), numpy seed ${seed};
- and, so that the cell and its initialisation can be told apart, the vanilla cell at that same
  uniform scale.

## The decay against the lag

${n.lagTable}

![‖∂l⟨T⟩/∂a⟨t⟩‖ against the lag](gradient-flow.svg)

**Vanilla, template initialisation.** ρ(Waa) = ${s0.rho.toFixed(3)}, σ₁(Waa) = ${s0.sigma.toFixed(3)}. With weights of
0.01 the hidden state stays near 0, so 1 − a⟨t⟩² ≈ 1 and each step back multiplies the gradient by
about ρ(Waa): the measured factor is ${v(factor(init))} per step. After ${T} steps ${v(at(init, T).ratio)} of the
gradient is left — and already ${v(at(init, 10).ratio)} after 10. So at the start of training a step's
loss can teach the recurrence little about characters more than a few steps back.

**Vanilla, after training.** Training changes Waa completely: ρ(Waa) = ${s1.rho.toFixed(2)}, σ₁(Waa) = ${s1.sigma.toFixed(2)}. A
linear recurrence with that radius would multiply the gradient by about ${s1.rho.toFixed(0)} per step; the
measured factor is ${v(factor(trained))}. The difference is made by what eq. (22) multiplies Waa with,
diag(1 − a⟨t⟩²), which is small for units near saturation, and by how the factors' directions line up
in the product; this page does not separate the two. ${trainedGrows ? `The gradient does **not** vanish: at lag ${T} it is ${v(at(trained, T).ratio)} times its size at lag 0. On these inputs the trained network sits on the exploding side, which is what the clip is for (below).` : `The gradient still shrinks: at lag ${T} it is ${v(at(trained, T).ratio)} of its size at lag 0.`} So
ρ(Waa) alone says little about a trained tanh network; the product of the Jacobians is what counts.

**Gated cells, at initialisation.** Each step back multiplies the LSTM's gradient by ${range(lstm)}
and the GRU's by ${range(gru)}: after ${T} steps ${v(Math.min(...lstm.map((s) => at(s, T).ratio)))}–${v(Math.max(...lstm.map((s) => at(s, T).ratio)))} (LSTM) and ${v(Math.min(...gru.map((s) => at(s, T).ratio)))}–${v(Math.max(...gru.map((s) => at(s, T).ratio)))} (GRU) is
left, against ${v(at(init, T).ratio)} for the vanilla cell at the template's initialisation. The LSTM decays
${lstmVsGru} the GRU here. At initialisation the gates sit near σ(0) = 0.5, so the LSTM's cell
path diag(Γf) and the GRU's direct path diag(Γu) each pass on about half of the gradient per step;
the paths through the recurrent weights add the rest of the measured factor. The cells start with a
memory of a few steps, not a long one. The usual advice of a forget-gate bias of
1 (Γf ≈ 0.73) was not measured here. For the LSTM, ‖∂l⟨T⟩/∂c⟨0⟩‖ and ‖∂l⟨T⟩/∂a⟨0⟩‖:
${n.lstmCell.map((l) => `${l}`).join('; ')}.

**Cell or initialisation?** The comparison above mixes two things: the template's randn·0.01 is a
much smaller initialisation than the gated cells' U(±1/√nA). At the gated cells' scale the vanilla
cell has ρ(Waa) = ${su.rho.toFixed(3)}, σ₁(Waa) = ${su.sigma.toFixed(3)} and each step back multiplies its gradient by ${v(factor(uniform))}
(${v(at(uniform, T).ratio)} left after ${T} steps). ${gatedBeatUniform ? `The gated cells still keep more of the gradient than the vanilla cell at the same scale, but the gap (${v(factor(uniform))} against ${range(gated)} per step) is far smaller than the gap to the template's initialisation: most of the vanilla cell's very fast decay at initialisation comes from randn·0.01, not from the cell.` : `At the same scale the vanilla cell keeps as much of its gradient as the gated cells, or more: at initialisation the gated cells do **not** look better — their advantage would have to come from training (above).`}
For the GRU, the candidate's Waa at this scale has ρ = ${n.gruSpectra[0].rho.toFixed(3)}, σ₁ = ${n.gruSpectra[0].sigma.toFixed(3)} (the
same in every convention: the conventions change how Waa is used, not its draw).

**Vanilla, LSTM and GRU after training.** The three cells trained on the same data with the same
loop${sameIterations ? ' and the same number of iterations' : ''}:

${trainedTable}

(The last column is each cell where its run started: weights randn·0.01 from numpy seed 1, biases 0,
for all three — not PyTorch's initialisation of the paragraphs above.) After training, ${byFactor[0].name}
keeps the most of l⟨T⟩'s gradient per step back (${factor(byFactor[0].s).toPrecision(4)}), then ${byFactor[1].name} (${factor(byFactor[1].s).toPrecision(4)}) and
${byFactor[2].name} (${factor(byFactor[2].s).toPrecision(4)}); ${afterTraining.every((c) => side(c) === side(afterTraining[0])) ? `for all three the gradient ${side(afterTraining[0])} with the lag` : afterTraining.map((c) => `for ${c.name} it ${side(c)} with the lag`).join(', ')}.
Training left the LSTM with ${change(afterTraining[1])} gradient per step than at its start and the GRU with ${change(afterTraining[2])}.${n.gatedTrained.filter((g) => g.diverged).map((g) => ` ${g.label} diverged at iteration ${g.diverged.iteration} (${g.diverged.quantity}); it is measured from before that iteration.`).join('')}
${lstmT.rows[T].cellNorm !== undefined ? `For the trained LSTM, ‖∂l⟨T⟩/∂c⟨0⟩‖ = ${v(lstmT.rows[T].cellNorm)} against ‖∂l⟨T⟩/∂a⟨0⟩‖ = ${v(at(lstmT, T).norm)}. ` : ''}For the trained GRU the candidate's Waa has ρ = ${n.gruTrainedSpectrum.rho.toFixed(3)}, σ₁ = ${n.gruTrainedSpectrum.sigma.toFixed(3)}.
The lowest smoothed loss at the end is ${byLoss[0].name}'s (${byLoss[0].loss.toFixed(3)}), then ${byLoss[1].name}'s (${byLoss[1].loss.toFixed(3)}) and
${byLoss[2].name}'s (${byLoss[2].loss.toFixed(3)})${sameIterations ? '' : ' — after unequal numbers of iterations, so not a fair comparison'}.${afterTraining.some((c) => c.loss < 1) ? ` A smoothed loss below 1 nat per name means the model predicts its ${n.names} training names almost exactly: at nA = ${nA} the gated cells have ${(afterTraining[1].parameters / afterTraining[0].parameters).toFixed(1)}× (LSTM) and ${(afterTraining[2].parameters / afterTraining[0].parameters).toFixed(1)}× (GRU) the vanilla cell's parameters and memorise the list; a low loss on the training names measures that memory, not how well a cell models names it has not seen (docs/results.md compares the cells at comparable parameter counts).` : ''} Three cautions. A factor above 1 is not "better memory": it is
a gradient that grows with the lag, the exploding side that the clip guards against, and a factor
far below 1 is the vanishing side; what the gated cells are built for is a factor near 1. And this
is one seed, one size (nA = ${nA}) and short names as training data
(element names of at most ${n.longestName} characters), where nothing rewards a memory longer than a few steps;
a dataset with long-range structure could order the cells differently. And the flow is measured on
random characters, not on the names a memorising model was fitted to. ${byFactor[0] === afterTraining[0] ? 'On these numbers neither gated cell keeps more gradient than the trained vanilla cell.' : `On these numbers ${byFactor[0].name} keeps ${factor(byFactor[0].s) / factor(trained) < 1.01 ? 'about as much gradient as (less than 1% more per step than)' : 'more gradient than'} the trained vanilla cell.`} ${byLoss[0] === afterTraining[0] ? 'Neither gated cell reaches a lower smoothed loss than the vanilla cell here.' : `${cap(byLoss[0].name)} reaches a lower smoothed loss than the vanilla cell${byLoss[1] === afterTraining[0] ? '' : ', and so does ' + byLoss[1].name}.`}

## How often the clip fires during training (Question D)

The same ${n.iterations.toLocaleString('en-US')}-iteration run, replayed on the engine so that each iteration's gradients
can be looked at before the template clips them to [−5, 5] (src/flow/clipping.ts; its spec shows the
replay ends on \`train()\`'s parameters bit for bit${n.fullRun ? `, and its smoothed loss after 70,000 iterations,
${n.finalLoss}, is the one docs/results.md reports for its elements nA = 100 run` : ''}). "Fired" means some entry of some gradient
was outside [−5, 5], so that clipping changed it; the columns after "share" count the iterations in
which each gradient was clipped. ρ and σ₁ are Waa's at the end of the interval.${n.everyShown ? ' Every fifth checkpoint interval is shown, and the last.' : ''}

${n.windowTable}

Over the whole run ${n.clipSummary}. ${n.firstFired ? `It first fired in iterations ${n.firstFired.from}–${n.firstFired.to - 1}.` : 'It never fired.'}
${w.dWaa >= w.others ? `It is almost always dWaa that is clipped (${w.dWaa} of ${w.fired} firing iterations), the recurrent matrix whose growth the table shows; dWya, the output layer, is clipped in ${w.dWya}.` : ''}
Clipping bounds each update, but it does not keep Waa small: ρ(Waa) rises from ${s0.rho.toFixed(3)} at
initialisation to ${s1.rho.toFixed(2)}, and the smoothed loss is not monotone over the run (docs/results.md's curve
shows the same). Elementwise clipping at 5 is a guard against rare large steps, not a regulariser.

## Commands

The same measurements one at a time (each prints the table, and --svg FILE writes the plot):

\`\`\`
rnn-oracle gradient-flow                                    # vanilla, template initialisation
rnn-oracle gradient-flow --train 70000                      # vanilla after rnn-oracle train, with the clip table
rnn-oracle gradient-flow --model model.json                 # a model written by rnn-oracle train --out (vanilla, LSTM or GRU)
rnn-oracle gradient-flow --cell lstm --variant split        # LSTM (course or split) at initialisation
rnn-oracle gradient-flow --cell gru --variant before-matmul/gate-takes-new
\`\`\`

The defaults are this page's: --hidden ${nA} --steps ${T} --sequences ${K} --seed ${seed}, and the elements
vocabulary (--vocab V to change it). The vanilla cell at the uniform scale is measured by the script
only (src/flow/models.ts, \`uniformRnn\`). Training with the clip counts took ${n.trainSeconds.toFixed(0)} s of the run;
training the LSTM ${lstmT.seconds.toFixed(0)} s and the GRU ${gruT.seconds.toFixed(0)} s. The trained gated models the script measures
are what \`rnn-oracle train --cell lstm --variant split --out lstm.json\` (and \`--cell gru\`) write, and
\`rnn-oracle gradient-flow --model lstm.json\` measures them the same way.

## How ρ and σ₁ are computed

Waa is not symmetric, and its largest eigenvalues are often a complex pair, which plain power
iteration never settles on; mathjs 15's \`eigs\` on a general 50×50 matrix stops with "failed to
converge". src/flow/spectrum.ts reduces Waa to Hessenberg form and runs the Francis double-shift QR
iteration (EISPACK's elmhes and hqr, as in Numerical Recipes §11.5–11.6), which returns every
eigenvalue; σ₁ is the square root of the largest eigenvalue of the symmetric WaaᵀWaa. Both are
backward stable: the result is exact for Waa + E with ‖E‖ about n·ε·‖Waa‖. spec/flow/spectrum.spec.ts
compares them with numpy's (LAPACK) on matrices up to 50×50 (largest difference 4.5e-15 of σ₁), with
known eigenvalues hidden by an orthogonal similarity, and with the trace identities Σλ = tr A,
Σλ² = tr A².
`;
}
