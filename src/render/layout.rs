//! The builtin layered layout (after Sugiyama): cycles broken by a depth-first
//! search, layers by longest path (then pulled down towards their targets),
//! dummy nodes on long edges, crossings reduced by barycentric sweeps (the
//! best order kept), and x positions by iterated balanced placement towards
//! the neighbours. Clusters become vertical bands that never overlap.
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
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing { node: 28.0, rank: 64.0, band: 26.0, band_pad: 14.0, band_top: 26.0 }
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

/// Lay out a graph. `nbands` is the number of bands (`LNode::band < nbands`).
pub fn layout(nodes: &[LNode], edges: &[LEdge], nbands: usize, sp: Spacing) -> Layout {
    let n = nodes.len();
    if n == 0 {
        return Layout { bands: vec![None; nbands], ..Layout::default() };
    }
    // Constraint edges without self-loops.
    let cons: Vec<usize> = (0..edges.len()).filter(|&i| edges[i].constraint && edges[i].from != edges[i].to).collect();

    // 1. Break cycles: reverse the edges that close a cycle in a DFS.
    let mut out_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &e in &cons {
        out_adj[edges[e].from].push(e);
    }
    let mut reversed = vec![false; edges.len()];
    {
        let mut state = vec![0u8; n];
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for root in 0..n {
            if state[root] != 0 {
                continue;
            }
            state[root] = 1;
            stack.push((root, 0));
            while let Some(top) = stack.last_mut() {
                let (v, i) = *top;
                if i < out_adj[v].len() {
                    top.1 += 1;
                    let e = out_adj[v][i];
                    let w = edges[e].to;
                    match state[w] {
                        0 => {
                            state[w] = 1;
                            stack.push((w, 0));
                        }
                        1 => reversed[e] = true,
                        _ => {}
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
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

    // 3. Dummy nodes on edges that span several layers, within a budget.
    let mut band: Vec<Option<u32>> = nodes.iter().map(|x| x.band).collect();
    let mut width: Vec<f32> = nodes.iter().map(|x| x.w).collect();
    let mut lay: Vec<u32> = layer.clone();
    let mut budget = 4 * (n + dag.len()) + 2000;
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); edges.len()];
    let mut segs: Vec<(usize, usize)> = Vec::with_capacity(dag.len());
    for &(a, b, e) in &dag {
        let span = lay[b] as usize - lay[a] as usize;
        if span <= 1 || span - 1 > budget {
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
    let mut disc = vec![u32::MAX; total];
    {
        let mut counter = 0u32;
        let mut stack = Vec::new();
        let mut roots: Vec<usize> = (0..total).filter(|&v| up[v].is_empty()).collect();
        roots.sort_by_key(|&v| (lay[v], v));
        for r in roots.into_iter().chain(0..total) {
            if disc[r] != u32::MAX {
                continue;
            }
            stack.push(r);
            while let Some(v) = stack.pop() {
                if disc[v] != u32::MAX {
                    continue;
                }
                disc[v] = counter;
                counter += 1;
                for &w in down[v].iter().rev() {
                    if disc[w as usize] == u32::MAX {
                        stack.push(w as usize);
                    }
                }
            }
        }
    }
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
    let mut band_lo = vec![0f32; nb];
    let mut band_hi = vec![0f32; nb];
    let mut x0 = 0f32;
    let order: Vec<usize> = (0..nb).collect();
    for &b in &order {
        if band_w[b] == 0.0 {
            band_lo[b] = x0;
            band_hi[b] = x0;
            continue;
        }
        let pad = if b < nbands { sp.band_pad } else { 0.0 };
        band_lo[b] = x0 + pad;
        band_hi[b] = x0 + pad + band_w[b];
        x0 = band_hi[b] + pad + sp.band;
    }
    let total_w = (x0 - sp.band).max(0.0);

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

    // 7. y positions.
    let has_bands = nbands > 0 && band_w[..nbands].iter().any(|&w| w > 0.0);
    let mut heights = vec![0f32; layers.len()];
    for v in 0..n {
        let l = lay[v] as usize;
        heights[l] = heights[l].max(nodes[v].h);
    }
    let mut ly = vec![0f32; layers.len()];
    let mut y0 = if has_bands { sp.band_top } else { 0.0 };
    for (l, h) in heights.iter().enumerate() {
        ly[l] = y0 + h / 2.0;
        y0 += h + sp.rank;
    }
    let total_h = (y0 - sp.rank).max(0.0) + if has_bands { sp.band_pad } else { 0.0 };
    let y: Vec<f32> = (0..total).map(|v| ly[lay[v] as usize]).collect();

    // 8. Bands' rectangles.
    let mut bands = vec![None; nbands];
    for v in 0..n {
        if let Some(b) = band[v] {
            let top = y[v] - heights[lay[v] as usize] / 2.0 - sp.band_top;
            let bottom = y[v] + heights[lay[v] as usize] / 2.0 + sp.band_pad;
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

    #[test]
    fn crossings_counted() {
        // Two layers, edges 0->3 and 1->2 cross when 2 is left of 3.
        let layers = vec![vec![0, 1], vec![2, 3]];
        let down = vec![vec![3], vec![2], vec![], vec![]];
        let pos = vec![0.0, 1.0, 0.0, 1.0];
        assert_eq!(crossings(&layers, &down, &pos), 1);
    }
}
