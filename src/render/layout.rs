//! The builtin layered layout (after Sugiyama): cycles broken by a depth-first
//! search, layers by longest path (then pulled down towards their targets),
//! dummy nodes on long edges, crossings reduced by barycentric sweeps (the
//! best order kept), and x positions by iterated balanced placement towards
//! the neighbours. Clusters become bands that never overlap, side by side
//! in as many rows (each with its own layers) as bring the drawing's shape
//! nearest the aspect ratio.
//!
//! Everything is iterative (no recursion tied to the input) and near linear:
//! the number of sweeps shrinks on large graphs and dummy nodes have a budget.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A node to place: its size and band (cluster), if any.
#[derive(Clone, Copy, Debug)]
pub struct LNode {
    pub w: f32,
    pub h: f32,
    pub band: Option<u32>,
}

/// An edge; only `constraint` edges take part in layering and ordering.
#[derive(Clone, Copy, Debug)]
pub struct LEdge {
    pub from: usize,
    pub to: usize,
    pub constraint: bool,
}

/// Spacing.
#[derive(Clone, Copy, Debug)]
pub struct Spacing {
    /// Between neighbouring nodes in a layer.
    pub node: f32,
    /// Between layers.
    pub rank: f32,
    /// Between bands (clusters).
    pub band: f32,
    /// Inside a band's rectangle, on each side.
    pub band_pad: f32,
    /// Above a band's first layer (room for its label).
    pub band_top: f32,
    /// The width-to-height ratio wide layers are wrapped towards (layers
    /// wrap onto several rows); 0 keeps every layer on one row.
    pub aspect: f32,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing { node: 24.0, rank: 56.0, band: 26.0, band_pad: 14.0, band_top: 26.0, aspect: 1.6 }
    }
}

/// The result: node centres, edge routes (centre to centre through the
/// dummy points, in the edge's direction), band rectangles.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    pub layer: Vec<u32>,
    pub routes: Vec<Vec<(f32, f32)>>,
    /// Per band: `(x0, y0, x1, y1)`, or `None` when it has no node.
    pub bands: Vec<Option<(f32, f32, f32, f32)>>,
    pub width: f32,
    pub height: f32,
}

const DUMMY_W: f32 = 4.0;

/// The edges (`(from, to)` among `n` nodes) that close a cycle in a
/// depth-first search: from each node not yet seen in index order, each
/// node's edges in their order; an edge back to a node on the current path
/// (itself included) is a back edge. Turning these round leaves no cycle.
pub(super) fn back_edges(n: usize, ends: &[(usize, usize)]) -> Vec<bool> {
    // Edges by their first node (compressed rows, in the order given).
    let mut start = vec![0usize; n + 1];
    for &(a, _) in ends {
        start[a + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut by_from = vec![0usize; ends.len()];
    for (e, &(a, _)) in ends.iter().enumerate() {
        by_from[fill[a]] = e;
        fill[a] += 1;
    }
    let mut back = vec![false; ends.len()];
    // 0: not seen, 1: on the path, 2: done.
    let mut state = vec![0u8; n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        stack.push((root, start[root]));
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if *next == start[v + 1] {
                state[v] = 2;
                stack.pop();
                continue;
            }
            let e = by_from[*next];
            *next += 1;
            let w = ends[e].1;
            match state[w] {
                0 => {
                    state[w] = 1;
                    stack.push((w, start[w]));
                }
                1 => back[e] = true,
                _ => {}
            }
        }
    }
    back
}

/// Constraint edges turned to point down and each node's layer.
struct Layering {
    /// Per edge: turned round to break a cycle.
    reversed: Vec<bool>,
    /// The constraint edges (no self-loops) as `(upper, lower, edge index)`.
    dag: Vec<(usize, usize, usize)>,
    layer: Vec<u32>,
    nlayers: usize,
}

/// Layers: cycles broken by a depth-first search, layers by longest path
/// (then pulled down towards their targets); nodes with no constraint edge
/// fill the narrowest layers.
fn layering(nodes: &[LNode], edges: &[LEdge], sp: Spacing) -> Layering {
    let n = nodes.len();
    // Constraint edges without self-loops.
    let cons: Vec<usize> = (0..edges.len()).filter(|&i| edges[i].constraint && edges[i].from != edges[i].to).collect();

    // 1. Break cycles: reverse the edges that close a cycle in a DFS.
    let ends: Vec<(usize, usize)> = cons.iter().map(|&e| (edges[e].from, edges[e].to)).collect();
    let mut reversed = vec![false; edges.len()];
    for (&e, back) in cons.iter().zip(back_edges(n, &ends)) {
        reversed[e] = back;
    }
    let dag: Vec<(usize, usize, usize)> = cons
        .iter()
        .map(|&e| {
            let (a, b) = (edges[e].from, edges[e].to);
            if reversed[e] { (b, a, e) } else { (a, b, e) }
        })
        .collect();

    // 2. Layers: longest path from the sources, then each node with
    // successors moved down to just above its nearest one.
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0u32; n];
    for &(a, b, _) in &dag {
        succ[a].push(b);
        indeg[b] += 1;
    }
    let mut topo = Vec::with_capacity(n);
    let mut queue: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    queue.reverse();
    let mut layer = vec![0u32; n];
    while let Some(v) = queue.pop() {
        topo.push(v);
        for &w in &succ[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push(w);
            }
        }
    }
    for &v in topo.iter().rev() {
        if let Some(m) = succ[v].iter().map(|&w| layer[w]).min() {
            layer[v] = layer[v].max(m.saturating_sub(1));
        }
    }
    // Nodes with no constraint edge at all fill the narrowest layers.
    let mut connected = vec![false; n];
    for &(a, b, _) in &dag {
        connected[a] = true;
        connected[b] = true;
    }
    let isolated: Vec<usize> = (0..n).filter(|&v| !connected[v]).collect();
    let mut nlayers = (0..n).filter(|&v| connected[v]).map(|v| layer[v] + 1).max().unwrap_or(0) as usize;
    if !isolated.is_empty() {
        let want = ((isolated.len() as f64).sqrt().ceil() as usize).max(1);
        nlayers = nlayers.max(want);
        let mut width = vec![0f32; nlayers];
        for v in 0..n {
            if connected[v] {
                width[layer[v] as usize] += nodes[v].w + sp.node;
            }
        }
        let mut heap: BinaryHeap<Reverse<(u64, usize)>> =
            width.iter().enumerate().map(|(l, w)| Reverse(((*w as u64), l))).collect();
        for &v in &isolated {
            let Reverse((w, l)) = heap.pop().expect("at least one layer");
            layer[v] = l as u32;
            heap.push(Reverse((w + (nodes[v].w + sp.node) as u64, l)));
        }
    }

    Layering { reversed, dag, layer, nlayers }
}

/// Lay out a graph. `nbands` is the number of bands (`LNode::band < nbands`).
pub fn layout(nodes: &[LNode], edges: &[LEdge], nbands: usize, sp: Spacing) -> Layout {
    let n = nodes.len();
    if n == 0 {
        return Layout { bands: vec![None; nbands], ..Layout::default() };
    }
    let Layering { reversed, dag, layer, nlayers } = layering(nodes, edges, sp);

    // 3. Dummy nodes on edges that span several layers, within a budget.
    let mut band: Vec<Option<u32>> = nodes.iter().map(|x| x.band).collect();
    let mut width: Vec<f32> = nodes.iter().map(|x| x.w).collect();
    let mut lay: Vec<u32> = layer.clone();
    let mut budget = 4 * (n + dag.len()) + 2000;
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); edges.len()];
    let mut segs: Vec<(usize, usize)> = Vec::with_capacity(dag.len());
    for &(a, b, e) in &dag {
        let span = lay[b] as usize - lay[a] as usize;
        // An edge between two bands gets no dummy nodes: the bands may lie
        // in different rows, and the dummies would make a band of their own.
        let across = nbands > 0 && band[a] != band[b];
        if span <= 1 || span - 1 > budget || across {
            if span == 1 {
                segs.push((a, b));
            }
            continue;
        }
        budget -= span - 1;
        let db = if band[a] == band[b] { band[a] } else { None };
        let mut prev = a;
        let mut chain = Vec::with_capacity(span - 1);
        for k in 1..span {
            let d = band.len();
            band.push(db);
            width.push(DUMMY_W);
            lay.push(lay[a] + k as u32);
            segs.push((prev, d));
            chain.push(d);
            prev = d;
        }
        segs.push((prev, b));
        chains[e] = chain;
    }
    let total = band.len();
    let mut up: Vec<Vec<u32>> = vec![Vec::new(); total];
    let mut down: Vec<Vec<u32>> = vec![Vec::new(); total];
    for &(a, b) in &segs {
        down[a].push(b as u32);
        up[b].push(a as u32);
    }

    // 4. Order within layers. Initial order: depth-first discovery from the
    // top, so that connected nodes start close.
    let mut roots: Vec<usize> = (0..total).filter(|&v| up[v].is_empty()).collect();
    roots.sort_by_key(|&v| (lay[v], v));
    let disc = preorder(total, roots, |v| down[v].iter().map(|&w| w as usize));
    let band_key = |b: Option<u32>| b.map_or(u32::MAX, |x| x);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); nlayers.max(1)];
    for v in 0..total {
        layers[lay[v] as usize].push(v);
    }
    for l in layers.iter_mut() {
        l.sort_by_key(|&v| (band_key(band[v]), disc[v]));
    }
    let mut pos = vec![0f32; total];
    let set_pos = |layers: &Vec<Vec<usize>>, pos: &mut Vec<f32>| {
        for l in layers {
            for (i, &v) in l.iter().enumerate() {
                pos[v] = i as f32;
            }
        }
    };
    set_pos(&layers, &mut pos);
    let iterations = match total {
        0..=4000 => 24,
        4001..=40000 => 6,
        _ => 2,
    };
    let mut best = layers.clone();
    let mut best_cross = crossings(&layers, &down, &pos);
    for it in 0..iterations {
        let downward = it % 2 == 0;
        let order: Vec<usize> =
            if downward { (1..layers.len()).collect() } else { (0..layers.len() - 1).rev().collect() };
        for li in order {
            let mut keyed: Vec<(u32, f32, f32, usize)> = layers[li]
                .iter()
                .map(|&v| {
                    let nb = if downward { &up[v] } else { &down[v] };
                    let b = if nb.is_empty() {
                        pos[v]
                    } else {
                        nb.iter().map(|&w| pos[w as usize]).sum::<f32>() / nb.len() as f32
                    };
                    (band_key(band[v]), b, pos[v], v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.total_cmp(&b.2)));
            for (i, k) in keyed.iter().enumerate() {
                layers[li][i] = k.3;
                pos[k.3] = i as f32;
            }
        }
        let c = crossings(&layers, &down, &pos);
        if c < best_cross {
            best_cross = c;
            best = layers.clone();
        }
        if best_cross == 0 {
            break;
        }
    }
    let layers = best;
    set_pos(&layers, &mut pos);

    // 4b. Wrap wide layers onto several rows (each node of a layer to row
    // `i mod r`, so that each band narrows too), towards the aspect ratio.
    let layers = wrap_layers(layers, &mut lay, &width, &band, nodes, n, sp);
    set_pos(&layers, &mut pos);

    // 5. Bands: each band is as wide as its widest layer.
    let nb = nbands + 1; // the last band holds nodes of no cluster
    let bidx = |b: Option<u32>| b.map_or(nbands, |x| x as usize);
    let sep = |a: usize, b: usize| {
        let (da, db) = (a >= n, b >= n);
        if da && db {
            8.0
        } else if da || db {
            sp.node * 0.5
        } else {
            sp.node
        }
    };
    let mut band_w = vec![0f32; nb];
    // The width of each band in one layer; only the bands met in the layer
    // are reset, so this costs the layer's nodes, not layers times bands.
    let mut acc = vec![0f32; nb];
    let mut met: Vec<usize> = Vec::new();
    for l in &layers {
        let mut prev: Option<usize> = None;
        for &v in l {
            let b = bidx(band[v]);
            if let Some(p) = prev.filter(|&p| bidx(band[p]) == b) {
                acc[b] += sep(p, v);
            } else {
                met.push(b);
            }
            acc[b] += width[v];
            prev = Some(v);
        }
        for b in met.drain(..) {
            band_w[b] = band_w[b].max(acc[b]);
            acc[b] = 0.0;
        }
    }
    // The bands go side by side in rows (shelves), as many rows as bring the
    // drawing's shape closest to the aspect ratio; each row has its own layers.
    let nl = layers.len();
    let has_bands = nbands > 0 && band_w[..nbands].iter().any(|&w| w > 0.0);
    let outer_w =
        |b: usize| if band_w[b] == 0.0 { 0.0 } else { band_w[b] + if b < nbands { 2.0 * sp.band_pad } else { 0.0 } };
    // Per band and layer, the tallest node (0 for a layer with dummies only).
    let mut band_layers: Vec<Vec<(usize, f32)>> = vec![Vec::new(); nb];
    for (li, l) in layers.iter().enumerate() {
        for &v in l {
            let b = bidx(band[v]);
            let h = if v < n { nodes[v].h } else { 0.0 };
            match band_layers[b].last_mut() {
                Some(last) if last.0 == li => last.1 = last.1.max(h),
                _ => band_layers[b].push((li, h)),
            }
        }
    }
    let row_of = band_rows(&band_layers, &outer_w, nl, has_bands, sp);
    let nrows = row_of.iter().copied().max().map_or(1, |r| r + 1);
    let mut band_lo = vec![0f32; nb];
    let mut band_hi = vec![0f32; nb];
    let mut row_w = vec![0f32; nrows];
    for b in 0..nb {
        let x0 = &mut row_w[row_of[b]];
        if band_w[b] == 0.0 {
            band_lo[b] = *x0;
            band_hi[b] = *x0;
            continue;
        }
        let pad = if b < nbands { sp.band_pad } else { 0.0 };
        band_lo[b] = *x0 + pad;
        band_hi[b] = *x0 + pad + band_w[b];
        *x0 = band_hi[b] + pad + sp.band;
    }
    for w in row_w.iter_mut() {
        *w = (*w - sp.band).max(0.0);
    }
    let total_w = row_w.iter().copied().fold(0f32, f32::max);
    // Rows narrower than the widest are centred.
    for b in 0..nb {
        let shift = (total_w - row_w[row_of[b]]) / 2.0;
        band_lo[b] += shift;
        band_hi[b] += shift;
    }

    // 6. x positions: start packed and centred in the band, then move
    // towards the neighbours' mean, keeping order and spacing.
    let mut x = vec![0f32; total];
    for l in &layers {
        let desired: Vec<f32> = l.iter().map(|&v| (band_lo[bidx(band[v])] + band_hi[bidx(band[v])]) / 2.0).collect();
        place(l, &desired, &mut x, &width, &band, &bidx, &band_lo, &band_hi, &sep);
    }
    let passes = if total > 40000 { 2 } else { 8 };
    for p in 0..=passes {
        let (range, both): (Vec<usize>, bool) = if p == passes {
            ((0..layers.len()).collect(), true)
        } else if p % 2 == 0 {
            ((1..layers.len()).collect(), false)
        } else {
            ((0..layers.len().saturating_sub(1)).rev().collect(), false)
        };
        for li in range {
            let l = &layers[li];
            let desired: Vec<f32> = l
                .iter()
                .map(|&v| {
                    let nbs: Box<dyn Iterator<Item = &u32>> = if both {
                        Box::new(up[v].iter().chain(down[v].iter()))
                    } else if p % 2 == 0 {
                        Box::new(up[v].iter())
                    } else {
                        Box::new(down[v].iter())
                    };
                    let (s, c) = nbs.fold((0f32, 0usize), |(s, c), &w| (s + x[w as usize], c + 1));
                    if c == 0 { x[v] } else { s / c as f32 }
                })
                .collect();
            place(l, &desired, &mut x, &width, &band, &bidx, &band_lo, &band_hi, &sep);
        }
    }

    // 7. y positions: each row of bands has its own layers (and a wrapped
    // layer several rows), stacked.
    let (slots, heights) = used_slots(&band_layers, &row_of, nl);
    let mut ly = vec![0f32; slots.len()];
    let mut y0 = 0f32;
    let mut i = 0;
    for r in 0..nrows {
        if r > 0 {
            y0 += sp.band;
        }
        if has_bands {
            y0 += sp.band_top;
        }
        let mut any = false;
        while i < slots.len() && slots[i] / nl == r {
            ly[i] = y0 + heights[i] / 2.0;
            y0 += heights[i] + sp.rank;
            any = true;
            i += 1;
        }
        if any {
            y0 -= sp.rank;
        }
        if has_bands {
            y0 += sp.band_pad;
        }
    }
    let total_h = y0.max(0.0);
    // A node's slot among those used (every node's is, but a slot not
    // found reads as an empty one: at 0, of no height).
    let slot = |v: usize| slots.binary_search(&(row_of[bidx(band[v])] * nl + lay[v] as usize)).ok();
    let height_at = |v: usize| slot(v).map_or(0.0, |i| heights[i]);
    let y: Vec<f32> = (0..total).map(|v| slot(v).map_or(0.0, |i| ly[i])).collect();

    // 8. Bands' rectangles.
    let mut bands = vec![None; nbands];
    for v in 0..n {
        if let Some(b) = band[v] {
            let top = y[v] - height_at(v) / 2.0 - sp.band_top;
            let bottom = y[v] + height_at(v) / 2.0 + sp.band_pad;
            let r = bands[b as usize].get_or_insert((
                band_lo[b as usize] - sp.band_pad,
                top,
                band_hi[b as usize] + sp.band_pad,
                bottom,
            ));
            r.1 = r.1.min(top);
            r.3 = r.3.max(bottom);
        }
    }

    // 9. Routes.
    let routes = edges
        .iter()
        .enumerate()
        .map(|(e, ed)| {
            let mut pts = vec![(x[ed.from], y[ed.from])];
            let chain = &chains[e];
            if reversed[e] {
                pts.extend(chain.iter().rev().map(|&d| (x[d], y[d])));
            } else {
                pts.extend(chain.iter().map(|&d| (x[d], y[d])));
            }
            pts.push((x[ed.to], y[ed.to]));
            pts
        })
        .collect();

    x.truncate(n);
    let y = y[..n].to_vec();
    Layout { x, y, layer: layer[..n].to_vec(), routes, bands, width: total_w, height: total_h }
}

/// Each of `n` nodes numbered in the order a depth-first search meets it:
/// from each of `roots` in turn, then from every node not yet met, a node's
/// `children` in their order.
fn preorder<I>(n: usize, roots: impl IntoIterator<Item = usize>, children: impl Fn(usize) -> I) -> Vec<u32>
where
    I: Iterator<Item = usize> + DoubleEndedIterator,
{
    let mut seen = vec![u32::MAX; n];
    let mut counter = 0u32;
    let mut stack = Vec::new();
    for root in roots.into_iter().chain(0..n) {
        stack.push(root);
        while let Some(v) = stack.pop() {
            if seen[v] != u32::MAX {
                continue;
            }
            seen[v] = counter;
            counter += 1;
            stack.extend(children(v).rev().filter(|&w| seen[w] == u32::MAX));
        }
    }
    seen
}

/// The target width to wrap layers at, among a few from `w0` (the widest
/// layer: no wrapping) down to `narrowest` by steps of 15%, whose drawing's
/// estimated `(width, height)` (by `shape`) comes closest to `aspect`;
/// the widest of equals.
fn best_target(w0: f32, narrowest: f32, aspect: f32, step: f32, shape: impl Fn(f32) -> (f32, f32)) -> f32 {
    let mut best_t = w0;
    let mut best_score = f32::INFINITY;
    let mut t = w0;
    while t >= narrowest * 0.999 {
        let (w, h) = shape(t);
        let score = ((w / h) / aspect).ln().abs();
        if score < best_score - 1e-3 {
            best_score = score;
            best_t = t;
        }
        if t == narrowest {
            break;
        }
        t = (t * step).max(narrowest);
    }
    best_t
}

/// A split layer's rows hold at least this many nodes each: a few nodes side
/// by side fit a page, and Graphviz's drawings of small maps are too close
/// to the estimates' error to be worth wrapping.
const ROW_MIN: usize = 3;

/// The rows of a layered drawing that Graphviz lays out: each node's layer
/// (as [`layout`] layers them), the layers wider than a target width split
/// into consecutive rows, the target chosen as [`layout`] chooses it, so
/// that the drawing's estimated width over height comes closest to
/// `sp.aspect`. A row's width counts its nodes and the edges that pass it
/// (of any kind: Graphviz routes each through the ranks it crosses), each as
/// wide as the spacing between nodes; `fixed` = `(w, h)` is the size of what
/// lies above and below the rows (a heading, a legend). Graphviz places nodes
/// in line with their neighbours rather than packed: its drawing is taken to
/// be `spread.0` times as wide as its widest row packed when no layer is
/// split (it ranks the nodes itself), `spread.1` times once some are, and at
/// least as wide as its bands (clusters) side by side, each as wide as its
/// widest row. A drawing whose estimate is no wider than `sp.aspect` is left
/// as it is. A split layer's nodes go to its rows in turn, in the order a
/// depth-first search from the sources meets them, so that siblings
/// alternate between rows and a fan of edges narrows with the layer. Each
/// node's row, numbered from 0 with no empty row; `None` when no layer is
/// split.
pub fn rows(nodes: &[LNode], edges: &[LEdge], sp: Spacing, fixed: (f32, f32), spread: (f32, f32)) -> Option<Vec<u32>> {
    let n = nodes.len();
    if n == 0 || sp.aspect <= 0.0 {
        return None;
    }
    let Layering { dag, layer, nlayers, .. } = layering(nodes, edges, sp);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); nlayers.max(1)];
    for v in 0..n {
        layers[layer[v] as usize].push(v);
    }
    layers.retain(|l| !l.is_empty());
    // Each layer in the order a depth-first search from the sources meets
    // its nodes, so that siblings are neighbours.
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_pred = vec![false; n];
    for &(a, b, _) in &dag {
        succ[a].push(b);
        has_pred[b] = true;
    }
    let seen = preorder(n, (0..n).filter(|&v| !has_pred[v]), |v| succ[v].iter().copied());
    for l in &mut layers {
        l.sort_by_key(|&v| seen[v]);
    }
    let lw: Vec<f32> = layers.iter().map(|l| l.iter().map(|&v| nodes[v].w + sp.node).sum()).collect();
    // Each node's row when layers wrap at `t` (the `i`th node of a layer
    // split into `r` rows to row `i mod r`), and the number of rows.
    let wrap = |t: f32| -> (Vec<u32>, usize) {
        let mut row = vec![0u32; n];
        let mut next = 0u32;
        for (l, &total) in layers.iter().zip(&lw) {
            let r = ((total / t).ceil() as usize).min(l.len() / ROW_MIN).max(1);
            for (i, &v) in l.iter().enumerate() {
                row[v] = next + (i % r) as u32;
            }
            next += r as u32;
        }
        (row, next as usize)
    };
    // Bands (clusters) lie side by side, each as wide as its widest row.
    let nbands = nodes.iter().filter_map(|x| x.band).max().map_or(0, |b| b as usize + 1);
    let shape = |(row, count): &(Vec<u32>, usize)| -> (f32, f32) {
        let mut rw = vec![0f32; *count];
        let mut rh = vec![0f32; *count];
        let mut band_w = vec![0f32; nbands];
        let mut in_band: Vec<(usize, u32, f32)> = Vec::new();
        for v in 0..n {
            let r = row[v] as usize;
            rw[r] += nodes[v].w + sp.node;
            rh[r] = rh[r].max(nodes[v].h);
            if let Some(b) = nodes[v].band {
                in_band.push((b as usize, row[v], nodes[v].w + sp.node));
            }
        }
        in_band.sort_unstable_by_key(|&(b, r, _)| (b, r));
        for g in in_band.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let w: f32 = g.iter().map(|x| x.2).sum();
            band_w[g[0].0] = band_w[g[0].0].max(w + 2.0 * sp.band_pad + sp.band);
        }
        // Edges passing each row, counted by differences.
        let mut passing = vec![0i64; count + 1];
        for e in edges {
            let (a, b) = (row[e.from], row[e.to]);
            let (a, b) = (a.min(b) as usize, a.max(b) as usize);
            if b > a + 1 {
                passing[a + 1] += 1;
                passing[b] -= 1;
            }
        }
        let mut p = 0i64;
        let mut w = 0f32;
        for r in 0..*count {
            p += passing[r];
            w = w.max(rw[r] + p as f32 * sp.node);
        }
        let spread = if *count > layers.len() { spread.1 } else { spread.0 };
        let w = (w * spread).max(fixed.0).max(band_w.iter().sum());
        (w, (rh.iter().map(|h| h + sp.rank).sum::<f32>() + fixed.1).max(1.0))
    };
    let w0 = lw.iter().copied().fold(0f32, f32::max);
    let widest_node = nodes.iter().map(|x| x.w).fold(0f32, f32::max) + sp.node;
    // A drawing narrower than the aspect ratio is left as it is.
    let (w, h) = shape(&wrap(w0));
    if w / h <= sp.aspect {
        return None;
    }
    let t = best_target(w0, widest_node, sp.aspect, 0.95, |t| shape(&wrap(t)));
    let (row, count) = wrap(t);
    (count > layers.len()).then_some(row)
}

/// The (row, layer) slots that bands in the rows `row_of` use (`row * nl +
/// layer`), in order, each with the height of its tallest layer: a list,
/// not a table of every row by every layer (a chain of clusters has as many
/// layers as bands, and rows grow with them).
fn used_slots(band_layers: &[Vec<(usize, f32)>], row_of: &[usize], nl: usize) -> (Vec<usize>, Vec<f32>) {
    let mut used: Vec<(usize, f32)> =
        band_layers.iter().zip(row_of).flat_map(|(bl, &row)| bl.iter().map(move |&(l, h)| (row * nl + l, h))).collect();
    used.sort_unstable_by_key(|&(k, _)| k);
    used.chunk_by(|a, b| a.0 == b.0).map(|g| (g[0].0, g.iter().fold(0f32, |h, &(_, lh)| h.max(lh)))).unzip()
}

/// The row of each band (`outer_w` wide, on the layers `band_layers` lists
/// with their heights): bands in order, a new row when the next band would
/// pass a target width, the target chosen among a few so that the drawing's
/// width over its height comes closest to `sp.aspect`.
fn band_rows(
    band_layers: &[Vec<(usize, f32)>],
    outer_w: &dyn Fn(usize) -> f32,
    nl: usize,
    has_bands: bool,
    sp: Spacing,
) -> Vec<usize> {
    let nb = band_layers.len();
    let widths: Vec<f32> = (0..nb).map(outer_w).collect();
    let shelves = |t: f32| -> Vec<usize> {
        let mut row_of = vec![0usize; nb];
        let (mut row, mut x) = (0usize, 0f32);
        for b in 0..nb {
            if widths[b] == 0.0 {
                row_of[b] = row;
                continue;
            }
            if x > 0.0 && x + widths[b] > t {
                row += 1;
                x = 0.0;
            }
            row_of[b] = row;
            x += widths[b] + sp.band;
        }
        row_of
    };
    let shape = |row_of: &[usize]| -> (f32, f32) {
        let nrows = row_of.iter().copied().max().map_or(1, |r| r + 1);
        let mut w = vec![0f32; nrows];
        for b in 0..nb {
            if widths[b] > 0.0 {
                w[row_of[b]] += widths[b] + sp.band;
            }
        }
        let frame = if has_bands { sp.band_top + sp.band_pad + sp.band } else { sp.band };
        let (_, heights) = used_slots(band_layers, row_of, nl);
        let height: f32 = heights.iter().map(|h| h + sp.rank).sum::<f32>() + nrows as f32 * (frame - sp.rank);
        (w.iter().copied().fold(0f32, f32::max), height.max(1.0))
    };
    let one_row = vec![0usize; nb];
    if sp.aspect <= 0.0 || widths.iter().filter(|&&w| w > 0.0).count() < 2 {
        return one_row;
    }
    let widest = widths.iter().copied().fold(0f32, f32::max);
    let total: f32 = widths.iter().map(|w| w + sp.band).sum();
    shelves(best_target(total, widest, sp.aspect, 0.9, |t| shape(&shelves(t))))
}

/// Wrap the layers wider than a target width onto rows, the target chosen
/// among a few so that the drawing's width over its height comes closest to
/// `sp.aspect`. Updates `lay` to each node's row; returns the rows.
fn wrap_layers(
    layers: Vec<Vec<usize>>,
    lay: &mut [u32],
    width: &[f32],
    band: &[Option<u32>],
    nodes: &[LNode],
    n: usize,
    sp: Spacing,
) -> Vec<Vec<usize>> {
    if sp.aspect <= 0.0 || layers.is_empty() {
        return layers;
    }
    let lw: Vec<f32> = layers.iter().map(|l| l.iter().map(|&v| width[v] + sp.node).sum::<f32>()).collect();
    let mut lh = vec![0f32; layers.len()];
    for v in 0..n {
        let l = lay[v] as usize;
        lh[l] = lh[l].max(nodes[v].h);
    }
    let widest_node = nodes.iter().map(|x| x.w).fold(0f32, f32::max) + sp.node;
    let w0 = lw.iter().copied().fold(0f32, f32::max);
    // Rows per layer for a target width; the drawing's estimated shape.
    let rows_for = |t: f32| -> Vec<usize> {
        lw.iter().zip(&layers).map(|(&w, l)| ((w / t).ceil().max(1.0) as usize).min(l.len().max(1))).collect()
    };
    let shape = |rows: &[usize]| {
        let w = lw.iter().zip(rows).map(|(&w, &r)| w / r as f32).fold(0f32, f32::max);
        let h: f32 = lh.iter().zip(rows).map(|(&h, &r)| r as f32 * (h + sp.rank)).sum();
        (w, h.max(1.0))
    };
    let rows_per = rows_for(best_target(w0, widest_node, sp.aspect, 0.85, |t| shape(&rows_for(t))));
    if rows_per.iter().all(|&r| r == 1) {
        return layers;
    }
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(rows_per.iter().sum());
    for (l, r) in layers.into_iter().zip(rows_per) {
        let first = out.len();
        out.extend((0..r).map(|_| Vec::new()));
        // Keep each band's nodes together within a row's order.
        for (i, v) in l.into_iter().enumerate() {
            out[first + i % r].push(v);
        }
        for row in &mut out[first..] {
            row.sort_by_key(|&v| band[v].map_or(u32::MAX, |b| b));
        }
    }
    for (ri, row) in out.iter().enumerate() {
        for &v in row {
            lay[v] = ri as u32;
        }
    }
    out
}

/// Place one layer's nodes as close to `desired` as order, spacing and band
/// bounds allow: the mean of a left-first and a right-first placement.
#[allow(clippy::too_many_arguments)]
fn place(
    l: &[usize],
    desired: &[f32],
    x: &mut [f32],
    width: &[f32],
    band: &[Option<u32>],
    bidx: &dyn Fn(Option<u32>) -> usize,
    lo: &[f32],
    hi: &[f32],
    sep: &dyn Fn(usize, usize) -> f32,
) {
    let k = l.len();
    if k == 0 {
        return;
    }
    let hw = |i: usize| width[l[i]] / 2.0;
    let same = |i: usize, j: usize| bidx(band[l[i]]) == bidx(band[l[j]]);
    let lo_of = |i: usize| lo[bidx(band[l[i]])] + hw(i);
    let hi_of = |i: usize| (hi[bidx(band[l[i]])] - hw(i)).max(lo_of(i));
    let gap = |i: usize| hw(i) + sep(l[i], l[i + 1]) + hw(i + 1);
    let left_first = |a: &mut Vec<f32>| {
        for i in 0..k {
            let mut m = lo_of(i);
            if i > 0 && same(i - 1, i) {
                m = m.max(a[i - 1] + gap(i - 1));
            }
            a[i] = desired[i].max(m);
        }
        for i in (0..k).rev() {
            let mut m = hi_of(i);
            if i + 1 < k && same(i, i + 1) {
                m = m.min(a[i + 1] - gap(i));
            }
            a[i] = a[i].min(m);
        }
    };
    let right_first = |b: &mut Vec<f32>| {
        for i in (0..k).rev() {
            let mut m = hi_of(i);
            if i + 1 < k && same(i, i + 1) {
                m = m.min(b[i + 1] - gap(i));
            }
            b[i] = desired[i].min(m);
        }
        for i in 0..k {
            let mut m = lo_of(i);
            if i > 0 && same(i - 1, i) {
                m = m.max(b[i - 1] + gap(i - 1));
            }
            b[i] = b[i].max(m);
        }
    };
    let mut a = vec![0f32; k];
    let mut b = vec![0f32; k];
    left_first(&mut a);
    right_first(&mut b);
    for i in 0..k {
        x[l[i]] = (a[i] + b[i]) / 2.0;
    }
}

/// A rectangle `(x0, y0, x1, y1)`.
pub type Rect = (f32, f32, f32, f32);

/// Where a route leaves or enters a node: the side of its box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Top,
    Bottom,
    Left,
    Right,
}

impl Side {
    /// The direction from the port into the node.
    pub fn inward(self) -> (f32, f32) {
        match self {
            Side::Top => (0.0, 1.0),
            Side::Bottom => (0.0, -1.0),
            Side::Left => (1.0, 0.0),
            Side::Right => (-1.0, 0.0),
        }
    }
}

/// A route between two nodes: points from a port of the first (outside its
/// box) to a port of the second, each segment horizontal or vertical, and
/// the sides of the boxes the route leaves and enters by.
#[derive(Clone, Debug)]
pub struct Route {
    pub points: Vec<(f32, f32)>,
    pub from_side: Side,
    pub to_side: Side,
}

/// Above this many grid points, or this much grid work over all edges,
/// [`route`] declines: the drawing keeps its layered curves.
const ROUTE_MAX_POINTS: usize = 200_000;
const ROUTE_MAX_WORK: usize = 60_000_000;
const BEND: f32 = 24.0;
const REUSE: f32 = 0.3;

/// Sorted distinct values (closer than half a unit count as one).
fn distinct(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    v
}

/// Merged open intervals, sorted.
fn merged(mut v: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a < last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Whether the open interval `(a, b)` meets one of the merged intervals.
fn blocked(iv: &[(f32, f32)], a: f32, b: f32) -> bool {
    // The first interval that ends after `a`.
    let i = iv.partition_point(|&(_, e)| e <= a + 1e-3);
    iv.get(i).is_some_and(|&(s, _)| s < b - 1e-3)
}

/// Route each edge `(a, b)` between the boxes around every other box, with
/// horizontal and vertical segments that keep `pad.0` (sideways) and
/// `pad.1` (above and below) from every box: a shortest path with few bends
/// on the grid of lines along the padded boxes' sides and between them,
/// each grid segment already used costing more, so that routes spread out.
/// `None` when the grid would be too large for the map (the routes are
/// then the layout's own). An edge from a box to itself gets no points.
pub fn route(boxes: &[Rect], ends: &[(usize, usize)], pad: (f32, f32)) -> Option<Vec<Route>> {
    if boxes.is_empty() {
        return Some(Vec::new());
    }
    let padded: Vec<Rect> = boxes.iter().map(|b| (b.0 - pad.0, b.1 - pad.1, b.2 + pad.0, b.3 + pad.1)).collect();
    let outer = padded.iter().fold((f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY), |r, b| {
        (r.0.min(b.0), r.1.min(b.1), r.2.max(b.2), r.3.max(b.3))
    });
    let port_xs = |b: &Rect| {
        let (cx, q) = ((b.0 + b.2) / 2.0, (b.2 - b.0) / 4.0);
        if q >= 2.0 * pad.0 { vec![cx, cx - q, cx + q] } else { vec![cx] }
    };
    let mut xs = vec![outer.0 - pad.0, outer.2 + pad.0];
    let mut ys = vec![outer.1 - pad.1, outer.3 + pad.1];
    for (b, p) in boxes.iter().zip(&padded) {
        xs.extend([p.0, p.2]);
        xs.extend(port_xs(b));
        ys.extend([p.1, p.3, (b.1 + b.3) / 2.0]);
    }
    let mut ys = distinct(ys);
    // Lines halfway between neighbouring lines: the middle of each channel.
    let mids: Vec<f32> = ys.windows(2).filter(|w| w[1] - w[0] > 2.0 * pad.1).map(|w| (w[0] + w[1]) / 2.0).collect();
    ys.extend(mids);
    let ys = distinct(ys);
    let xs = distinct(xs);
    let (nx, ny) = (xs.len(), ys.len());
    let g = nx * ny;
    if g > ROUTE_MAX_POINTS || g.saturating_mul(ends.len()) > ROUTE_MAX_WORK {
        return None;
    }
    // Blocked open intervals along each row and each column.
    let row_iv: Vec<Vec<(f32, f32)>> = ys
        .iter()
        .map(|&y| merged(padded.iter().filter(|p| p.1 < y - 1e-3 && y < p.3 - 1e-3).map(|p| (p.0, p.2)).collect()))
        .collect();
    let col_iv: Vec<Vec<(f32, f32)>> = xs
        .iter()
        .map(|&x| merged(padded.iter().filter(|p| p.0 < x - 1e-3 && x < p.2 - 1e-3).map(|p| (p.1, p.3)).collect()))
        .collect();
    let inside = |i: usize, j: usize| {
        let x = xs[i];
        let iv = &row_iv[j];
        let k = iv.partition_point(|&(_, e)| e <= x + 1e-3);
        iv.get(k).is_some_and(|&(s, _)| s < x - 1e-3)
    };
    let id = |i: usize, j: usize| j * nx + i;
    // Moves: 0 right, 1 left, 2 down, 3 up; `open[dir][point]`.
    let mut open = vec![vec![false; g]; 4];
    for j in 0..ny {
        for i in 0..nx {
            if inside(i, j) {
                continue;
            }
            if i + 1 < nx && !inside(i + 1, j) && !blocked(&row_iv[j], xs[i], xs[i + 1]) {
                open[0][id(i, j)] = true;
                open[1][id(i + 1, j)] = true;
            }
            if j + 1 < ny && !inside(i, j + 1) && !blocked(&col_iv[i], ys[j], ys[j + 1]) {
                open[2][id(i, j)] = true;
                open[3][id(i, j + 1)] = true;
            }
        }
    }
    let xi = |x: f32| xs.partition_point(|&v| v < x - 0.25).min(nx - 1);
    let yi = |y: f32| ys.partition_point(|&v| v < y - 0.25).min(ny - 1);
    // Ports: (grid point, side, cost of using it).
    let ports = |v: usize| -> Vec<(usize, Side, f32)> {
        let (b, p) = (boxes[v], padded[v]);
        let mut out = Vec::new();
        for (k, x) in port_xs(&b).into_iter().enumerate() {
            let extra = if k == 0 { 0.0 } else { 6.0 };
            out.push((id(xi(x), yi(p.1)), Side::Top, extra));
            out.push((id(xi(x), yi(p.3)), Side::Bottom, extra));
        }
        let cy = (b.1 + b.3) / 2.0;
        out.push((id(xi(p.0), yi(cy)), Side::Left, 20.0));
        out.push((id(xi(p.2), yi(cy)), Side::Right, 20.0));
        out.retain(|&(q, _, _)| !inside(q % nx, q / nx));
        out
    };
    let outward = |s: Side| match s {
        Side::Top => 3,
        Side::Bottom => 2,
        Side::Left => 1,
        Side::Right => 0,
    };
    let step = |q: usize, d: usize| match d {
        0 => q + 1,
        1 => q - 1,
        2 => q + nx,
        _ => q - nx,
    };
    let mut used = vec![vec![0u16; g]; 2];
    let mut dist = vec![f32::INFINITY; g * 4];
    let mut prev = vec![u32::MAX; g * 4];
    let mut touched: Vec<usize> = Vec::new();
    let mut heap: BinaryHeap<Reverse<(u32, u32)>> = BinaryHeap::new();
    let key = |c: f32| (c * 16.0) as u32;
    let mut routes = Vec::with_capacity(ends.len());
    for &(a, b) in ends {
        if a == b {
            routes.push(Route { points: Vec::new(), from_side: Side::Bottom, to_side: Side::Top });
            continue;
        }
        for &s in &touched {
            dist[s] = f32::INFINITY;
            prev[s] = u32::MAX;
        }
        touched.clear();
        heap.clear();
        // A*: the distance to the target's padded box is a lower bound.
        let tb = padded[b];
        let h = |q: usize| {
            let (x, y) = (xs[q % nx], ys[q / nx]);
            (tb.0 - x).max(x - tb.2).max(0.0) + (tb.1 - y).max(y - tb.3).max(0.0)
        };
        for (q, side, extra) in ports(a) {
            let s = q * 4 + outward(side);
            if extra < dist[s] {
                dist[s] = extra;
                touched.push(s);
                heap.push(Reverse((key(extra + h(q)), s as u32)));
            }
        }
        let targets: Vec<(usize, Side, f32)> = ports(b);
        let mut found: Option<(usize, Side)> = None;
        let mut best = f32::INFINITY;
        while let Some(Reverse((f, s))) = heap.pop() {
            let s = s as usize;
            let (q, d) = (s / 4, s % 4);
            let c = dist[s];
            if f > key(c + h(q)) {
                continue; // stale
            }
            if c + h(q) >= best {
                break;
            }
            for &(t, side, extra) in &targets {
                if t == q {
                    let turn = if d == (outward(side) ^ 1) { 0.0 } else { BEND };
                    if c + extra + turn < best {
                        best = c + extra + turn;
                        found = Some((s, side));
                    }
                }
            }
            for (nd, open_dir) in open.iter().enumerate() {
                if !open_dir[q] {
                    continue;
                }
                let r = step(q, nd);
                let len = (xs[r % nx] - xs[q % nx]).abs() + (ys[r / nx] - ys[q / nx]).abs();
                let seg = if nd < 2 { (0, q.min(r)) } else { (1, q.min(r)) };
                let cost = c + len * (1.0 + REUSE * used[seg.0][seg.1] as f32) + if nd == d { 0.0 } else { BEND };
                let ns = r * 4 + nd;
                if cost < dist[ns] {
                    if dist[ns] == f32::INFINITY {
                        touched.push(ns);
                    }
                    dist[ns] = cost;
                    prev[ns] = s as u32;
                    heap.push(Reverse((key(cost + h(r)), ns as u32)));
                }
            }
        }
        let Some((end, to_side)) = found else {
            // No way round (cannot happen on the outer ring): straight.
            let c = |r: Rect| ((r.0 + r.2) / 2.0, (r.1 + r.3) / 2.0);
            routes.push(Route { points: vec![c(boxes[a]), c(boxes[b])], from_side: Side::Bottom, to_side: Side::Top });
            continue;
        };
        let mut chain = vec![end];
        while prev[*chain.last().unwrap()] != u32::MAX {
            chain.push(prev[*chain.last().unwrap()] as usize);
        }
        chain.reverse();
        let first = chain[0];
        let from_side = match first % 4 {
            3 => Side::Top,
            2 => Side::Bottom,
            1 => Side::Left,
            _ => Side::Right,
        };
        for w in chain.windows(2) {
            let (q, r) = (w[0] / 4, w[1] / 4);
            let seg = if w[1] % 4 < 2 { (0, q.min(r)) } else { (1, q.min(r)) };
            used[seg.0][seg.1] = used[seg.0][seg.1].saturating_add(1);
        }
        let mut points: Vec<(f32, f32)> = Vec::new();
        for (k, &s) in chain.iter().enumerate() {
            let q = s / 4;
            let p = (xs[q % nx], ys[q / nx]);
            // Keep only the corners.
            let turn = k == 0 || k + 1 == chain.len() || chain[k + 1] % 4 != s % 4;
            if turn {
                points.push(p);
            }
        }
        routes.push(Route { points, from_side, to_side });
    }
    separate_lanes(&mut routes, boxes, ends, pad);
    Some(routes)
}

/// A stretch of a route along one line: (vertical, line, from, to, room,
/// route, first point moved, last point moved).
type Piece = (bool, f32, f32, f32, f32, usize, usize, usize);

/// The distance between neighbouring lanes of routes that share a line, and
/// how far the lanes may spread on either side of it.
const LANE: f32 = 6.0;
const SPREAD: f32 = 48.0;

/// Give the routes that run along one grid line over a common stretch
/// distinct lanes: each such segment moves across the line, the lanes
/// centred on it where there is room, `LANE` apart or closer when the room
/// to the nearest boxes (and at a port, half the node) is short. A segment moves with
/// both its ends, so routes stay horizontal and vertical.
fn separate_lanes(routes: &mut [Route], boxes: &[Rect], ends: &[(usize, usize)], pad: (f32, f32)) {
    // (vertical, line, from, to, room, route, first point moved, last point
    // moved). The stub from a port into its node is part of the route's
    // first or last segment when in line with it, else a piece of its own
    // that moves the port alone.
    let mut segs: Vec<Piece> = Vec::new();
    for (r, route) in routes.iter().enumerate() {
        let p = &route.points;
        if p.is_empty() {
            continue;
        }
        let last = p.len() - 1;
        let mut pieces: Vec<(bool, f32, f32, f32, f32, usize, usize)> = Vec::new();
        for s in 0..last {
            let (a, b) = (p[s], p[s + 1]);
            let vertical = (a.0 - b.0).abs() < 0.01;
            if !vertical && (a.1 - b.1).abs() >= 0.01 {
                continue;
            }
            let (line, lo, hi) =
                if vertical { (a.0, a.1.min(b.1), a.1.max(b.1)) } else { (a.1, a.0.min(b.0), a.0.max(b.0)) };
            pieces.push((vertical, line, lo, hi, f32::INFINITY, s, s + 1));
        }
        for (q, side, at) in [(0, route.from_side, ends[r].0), (last, route.to_side, ends[r].1)] {
            let vertical = matches!(side, Side::Top | Side::Bottom);
            let bx = boxes[at];
            let half = if vertical { bx.2 - bx.0 } else { bx.3 - bx.1 } / 2.0;
            let (d, reach) = (side.inward(), if vertical { pad.1 } else { pad.0 });
            let (x, y) = p[q];
            let tip = (x + d.0 * reach, y + d.1 * reach);
            let (line, lo, hi) =
                if vertical { (x, y.min(tip.1), y.max(tip.1)) } else { (y, x.min(tip.0), x.max(tip.0)) };
            // The segment ending at this port, if in line with the stub.
            let joined = pieces.iter_mut().find(|pc| (pc.5 == q || pc.6 == q) && pc.0 == vertical);
            match joined {
                Some(pc) => {
                    pc.2 = pc.2.min(lo);
                    pc.3 = pc.3.max(hi);
                    pc.4 = pc.4.min(half - 2.0);
                }
                None => pieces.push((vertical, line, lo, hi, half - 2.0, q, q)),
            }
        }
        segs.extend(pieces.into_iter().map(|pc| (pc.0, pc.1, pc.2, pc.3, pc.4.max(0.0), r, pc.5, pc.6)));
    }
    segs.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
    // Lines closer than a unit count as one (each segment keeps its own
    // position, and moves by its lane's offset): a group number for each.
    let mut group = vec![0usize; segs.len()];
    for k in 1..segs.len() {
        let near = segs[k].0 == segs[k - 1].0 && segs[k].1 - segs[k - 1].1 < 1.0;
        group[k] = group[k - 1] + usize::from(!near);
    }
    let mut order: Vec<usize> = (0..segs.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&segs[a], &segs[b]);
        group[a].cmp(&group[b]).then(x.2.total_cmp(&y.2)).then((x.5, x.6, x.7).cmp(&(y.5, y.6, y.7)))
    });
    let group: Vec<usize> = order.iter().map(|&k| group[k]).collect();
    let segs: Vec<_> = order.into_iter().map(|k| segs[k]).collect();
    let mut moves: Vec<(usize, [usize; 2], bool, f32)> = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        // A cluster: segments on one line, each overlapping the stretch so far.
        let mut j = i + 1;
        let mut reach = segs[i].3;
        while j < segs.len() && segs[j].0 == segs[i].0 && group[j] == group[i] && segs[j].2 < reach - 0.5 {
            reach = reach.max(segs[j].3);
            j += 1;
        }
        if j - i > 1 {
            // Lanes: each segment to the first lane free at its start.
            let mut lane_end: Vec<f32> = Vec::new();
            let mut lanes = Vec::with_capacity(j - i);
            for sg in &segs[i..j] {
                let k = lane_end.iter().position(|&e| e <= sg.2 + 0.5).unwrap_or(lane_end.len());
                if k == lane_end.len() {
                    lane_end.push(sg.3);
                } else {
                    lane_end[k] = sg.3;
                }
                lanes.push(k);
            }
            let n = lane_end.len();
            if n > 1 {
                // The room on each side: to the nearest box beside the
                // stretch, at most `SPREAD`, and at a port half its node.
                let (vertical, line, lo) = (segs[i].0, segs[i].1, segs[i].2);
                let cap = segs[i..j].iter().map(|sg| sg.4).fold(SPREAD, f32::min);
                let (mut below, mut above) = (cap, cap);
                for b in boxes {
                    let (a0, a1, c0, c1) = if vertical { (b.1, b.3, b.0, b.2) } else { (b.0, b.2, b.1, b.3) };
                    if a1 <= lo || a0 >= reach {
                        continue;
                    }
                    if c1 <= line {
                        below = below.min(line - c1 - 3.0);
                    } else if c0 >= line {
                        above = above.min(c0 - line - 3.0);
                    }
                }
                let (below, above) = (below.max(0.0), above.max(0.0));
                let span = (n - 1) as f32;
                let step = LANE.min((below + above) / span);
                let start = (-span * step / 2.0).clamp(-below, (above - span * step).max(-below));
                for (sg, k) in segs[i..j].iter().zip(lanes) {
                    moves.push((sg.5, [sg.6, sg.7], sg.0, start + k as f32 * step));
                }
            }
        }
        i = j;
    }
    for (r, [first, last], vertical, d) in moves {
        let p = &mut routes[r].points;
        for q in &mut p[first..=last] {
            if vertical {
                q.0 += d;
            } else {
                q.1 += d;
            }
        }
    }
}

/// The number of edge crossings between consecutive layers (Fenwick tree).
fn crossings(layers: &[Vec<usize>], down: &[Vec<u32>], pos: &[f32]) -> u64 {
    let mut total = 0u64;
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for li in 0..layers.len().saturating_sub(1) {
        let size = layers[li + 1].len();
        pairs.clear();
        for &v in &layers[li] {
            for &w in &down[v] {
                pairs.push((pos[v] as u32, pos[w as usize] as u32));
            }
        }
        pairs.sort_unstable();
        let mut tree = vec![0u32; size + 1];
        for (seen, &(_, b)) in pairs.iter().enumerate() {
            // Count earlier edges that end to the right of this one.
            let mut i = b as usize + 1;
            let mut le = 0u64;
            while i > 0 {
                le += tree[i] as u64;
                i &= i - 1;
            }
            total += seen as u64 - le;
            let mut i = b as usize + 1;
            while i <= size {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(k: usize) -> Vec<LNode> {
        vec![LNode { w: 50.0, h: 20.0, band: None }; k]
    }

    #[test]
    fn chain_is_layered() {
        let e = |a, b| LEdge { from: a, to: b, constraint: true };
        let l = layout(&nodes(3), &[e(0, 1), e(1, 2)], 0, Spacing::default());
        assert!(l.y[0] < l.y[1] && l.y[1] < l.y[2]);
    }

    #[test]
    fn cycles_and_long_edges() {
        let e = |a, b| LEdge { from: a, to: b, constraint: true };
        let l = layout(&nodes(4), &[e(0, 1), e(1, 2), e(2, 0), e(0, 3), e(2, 3)], 0, Spacing::default());
        assert_eq!(l.routes.len(), 5);
        assert!(l.routes[3].len() > 2, "the long edge 0 -> 3 goes through dummy points");
        for v in 0..4 {
            for w in v + 1..4 {
                if l.layer[v] == l.layer[w] {
                    assert!((l.x[v] - l.x[w]).abs() >= 50.0);
                }
            }
        }
    }

    #[test]
    fn bands_are_as_wide_as_their_widest_layer() {
        // A chain a0 -> a1 -> a2 in band 0 and b0 -> b1 in band 1, with a
        // second node in band 1 on the first layer: band 1 is two nodes wide.
        let e = |a, b| LEdge { from: a, to: b, constraint: true };
        let mut ns = nodes(6);
        for (v, b) in [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1), (5, 1)] {
            ns[v].band = Some(b);
        }
        let sp = Spacing::default();
        let l = layout(&ns, &[e(0, 1), e(1, 2), e(3, 4), e(5, 4)], 2, sp);
        let width = |b: usize| l.bands[b].map(|(x0, _, x1, _)| x1 - x0).unwrap();
        assert_eq!(width(0), 50.0 + 2.0 * sp.band_pad);
        assert_eq!(width(1), 2.0 * 50.0 + sp.node + 2.0 * sp.band_pad);
        // The bands do not overlap.
        let (b0, b1) = (l.bands[0].unwrap(), l.bands[1].unwrap());
        assert!(b0.2 <= b1.0 || b1.2 <= b0.0);
    }

    /// The rows that `rows` gives, checked: numbered from 0 with none
    /// empty, every constraint edge of the acyclic graph pointing down.
    fn checked_rows(ns: &[LNode], edges: &[LEdge]) -> Option<Vec<u32>> {
        let row = rows(ns, edges, Spacing::default(), (0.0, 0.0), (1.0, 1.0))?;
        let count = row.iter().max().map_or(0, |&r| r + 1);
        assert!((0..count).all(|r| row.contains(&r)), "no empty row: {row:?}");
        assert!(edges.iter().all(|e| row[e.from] < row[e.to]), "edges point down: {row:?}");
        Some(row)
    }

    #[test]
    fn a_wide_layer_is_wrapped_into_rows_towards_the_aspect_ratio() {
        let e = |a, b| LEdge { from: a, to: b, constraint: true };
        // One node supported by 40 (a layer of 40 over one of 1), then a
        // chain of 3 under it.
        let edges: Vec<LEdge> = (4..44).map(|v| e(v, 0)).chain([e(0, 1), e(1, 2), e(2, 3)]).collect();
        let ns = nodes(44);
        let row = checked_rows(&ns, &edges).expect("a layer of 40 is too wide");
        let count = *row.iter().max().unwrap() as usize + 1;
        let mut per = vec![0usize; count];
        for &r in &row {
            per[r as usize] += 1;
        }
        // The 40 share the upper rows evenly; the chain keeps a row each.
        let upper = count - 4;
        assert!(upper > 1 && per[..upper].iter().sum::<usize>() == 40, "{per:?}");
        let (lo, hi) = (per[..upper].iter().min().unwrap(), per[..upper].iter().max().unwrap());
        assert!(hi - lo <= 1, "{per:?}");
        assert_eq!(&per[upper..], &[1, 1, 1, 1]);
        // The drawing's shape, counted here: rows of 50-wide nodes spaced by
        // 24 (and 24 for each edge passing a row), 20 high spaced by 56.
        let sp = Spacing::default();
        let passing = |r: u32| edges.iter().filter(|e| row[e.from] < r && r < row[e.to]).count();
        let w = (0..count as u32).map(|r| per[r as usize] as f32 * 74.0 + passing(r) as f32 * 24.0).fold(0.0, f32::max);
        let h = count as f32 * 76.0;
        let was = 40.0 * 74.0 / (5.0 * 76.0);
        assert!((w / h - sp.aspect).abs() < (was - sp.aspect).abs() / 2.0, "{} (was {was})", w / h);
        // The same again.
        assert_eq!(checked_rows(&ns, &edges), Some(row));
    }

    #[test]
    fn narrow_drawings_keep_their_layers() {
        let e = |a, b| LEdge { from: a, to: b, constraint: true };
        assert_eq!(checked_rows(&nodes(3), &[e(0, 1), e(1, 2)]), None);
        assert_eq!(checked_rows(&nodes(4), &[e(1, 0), e(2, 0), e(3, 0)]), None);
        assert_eq!(checked_rows(&[], &[]), None);
        // A fan of 40 over a legend twice as high as it is wide is not
        // wrapped either.
        let edges: Vec<LEdge> = (1..41).map(|v| e(v, 0)).collect();
        let sp = Spacing::default();
        assert!(rows(&nodes(41), &edges, sp, (0.0, 0.0), (1.0, 1.0)).is_some());
        assert_eq!(rows(&nodes(41), &edges, sp, (500.0, 6000.0), (1.0, 1.0)), None);
    }

    #[test]
    fn many_bands_wrap_into_rows_without_overlapping() {
        // Twelve bands, each a chain of two nodes: side by side they would be
        // twelve nodes wide and two high; in rows the drawing nears 1.6:1.
        let e = |a, b| LEdge { from: a, to: b, constraint: true };
        let mut ns = nodes(24);
        for (v, n) in ns.iter_mut().enumerate() {
            n.band = Some(v as u32 / 2);
        }
        let es: Vec<LEdge> = (0..12).map(|b| e(2 * b, 2 * b + 1)).collect();
        let l = layout(&ns, &es, 12, Spacing::default());
        let ratio = l.width / l.height;
        assert!((1.0..=2.5).contains(&ratio), "{} x {}", l.width, l.height);
        let rects: Vec<_> = l.bands.iter().map(|b| b.unwrap()).collect();
        for (i, a) in rects.iter().enumerate() {
            assert!(a.0 >= -1e-3 && a.2 <= l.width + 1e-3 && a.1 >= -1e-3 && a.3 <= l.height + 1e-3, "{a:?}");
            for b in &rects[i + 1..] {
                assert!(a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1, "{a:?} and {b:?} overlap");
            }
        }
        // Each band's box holds its nodes.
        for v in 0..24 {
            let r = rects[v / 2];
            assert!(r.0 < l.x[v] && l.x[v] < r.2 && r.1 < l.y[v] && l.y[v] < r.3);
        }
    }

    #[test]
    fn parallel_routes_get_lanes_of_their_own() {
        // Three edges between two boxes one above the other, and one back:
        // without lanes all four would run down the same line.
        let boxes = [(0.0, 0.0, 120.0, 40.0), (0.0, 200.0, 120.0, 240.0)];
        let ends = [(0, 1), (0, 1), (0, 1), (1, 0)];
        let routes = route(&boxes, &ends, (8.0, 16.0)).unwrap();
        // (vertical, line, from, to, route) for each segment.
        let mut segs = Vec::new();
        for (r, rt) in routes.iter().enumerate() {
            for w in rt.points.windows(2) {
                let (a, b) = (w[0], w[1]);
                if (a.0 - b.0).abs() < 0.01 {
                    segs.push((true, a.0, a.1.min(b.1), a.1.max(b.1), r));
                } else {
                    segs.push((false, a.1, a.0.min(b.0), a.0.max(b.0), r));
                }
            }
        }
        for (i, p) in segs.iter().enumerate() {
            for q in &segs[i + 1..] {
                let shared = p.3.min(q.3) - p.2.max(q.2);
                let same_line = p.0 == q.0 && (p.1 - q.1).abs() < 0.5;
                assert!(p.4 == q.4 || !same_line || shared <= 4.0, "{p:?} and {q:?} share a line");
            }
        }
        // The lanes stay outside the boxes.
        for rt in &routes {
            for w in rt.points.windows(2) {
                let m = ((w[0].0 + w[1].0) / 2.0, (w[0].1 + w[1].1) / 2.0);
                assert!(boxes.iter().all(|b| !(b.0 < m.0 && m.0 < b.2 && b.1 < m.1 && m.1 < b.3)), "{w:?}");
            }
        }
    }

    #[test]
    fn crossings_counted() {
        // Two layers, edges 0->3 and 1->2 cross when 2 is left of 3.
        let layers = vec![vec![0, 1], vec![2, 3]];
        let down = vec![vec![3], vec![2], vec![], vec![]];
        let pos = vec![0.0, 1.0, 0.0, 1.0];
        assert_eq!(crossings(&layers, &down, &pos), 1);
    }
}
