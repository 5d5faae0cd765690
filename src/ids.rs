//! [`IdIndex`]: ids to indices, for the claims, actors and relations of a map.

use std::fmt;

/// Ids to indices: a compact open-addressing table over the ids laid end to
/// end. A large map resolves millions of references; a `HashMap<String, _>`
/// costs three cache misses a lookup (bucket, key string, and the
/// comparison's other side) and an allocation per id, this about two misses
/// (an eight-byte slot, then the id with its value in one place) and none.
/// Iteration is in the order of insertion, so whatever is derived from it
/// (such as a "did you mean" suggestion) is the same on every run.
#[derive(Clone)]
pub struct IdIndex {
    /// `(tag << 48) | (len << 40) | start`, 0 when empty; linear probing.
    /// `start` is where the entry begins in `arena`, `len` the id's length.
    slots: Vec<u64>,
    /// Entries end to end: the value (4 bytes, little-endian), the id's
    /// length (1 byte), then the id.
    arena: Vec<u8>,
    len: usize,
    hasher: FastState,
}

/// Ids are at most 200 bytes (see [`crate::model::is_valid_id`]); longer
/// ones are never stored, and the slot keeps a length of one byte.
pub const MAX_ID: usize = 255;

/// Whether two byte strings of the same length are equal, eight bytes at a
/// time: ids are short, and a call to `memcmp` for each of millions of
/// lookups costs more than the comparison itself.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        if u64::from_le_bytes(p.try_into().expect("eight bytes"))
            != u64::from_le_bytes(q.try_into().expect("eight bytes"))
        {
            return false;
        }
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

impl Default for IdIndex {
    fn default() -> Self {
        IdIndex::with_capacity(0)
    }
}

impl fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl IdIndex {
    /// An empty index with room for `n` ids before it grows.
    pub fn with_capacity(n: usize) -> IdIndex {
        IdIndex {
            slots: vec![0; (n * 2).next_power_of_two().max(16)],
            // Ids of a few words: an entry of about two dozen bytes.
            arena: Vec::with_capacity(n * 24),
            len: 0,
            hasher: FastState::default(),
        }
    }

    /// How many ids it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn hash(&self, id: &str) -> u64 {
        use std::hash::BuildHasher;
        self.hasher.hash_one(id)
    }

    /// The slot of `id` (hashed to `h`): where it is, with its value, or
    /// the empty slot where it would go.
    fn find(&self, id: &str, h: u64) -> (usize, Option<u32>) {
        let want = (h >> 48 << 48) | ((id.len() as u64) << 40);
        let mask = self.slots.len() - 1;
        let mut at = h as usize & mask;
        loop {
            match self.slots[at] {
                0 => return (at, None),
                slot if slot & !((1 << 40) - 1) == want => {
                    let start = (slot & ((1 << 40) - 1)) as usize;
                    let entry = &self.arena[start..start + 5 + id.len()];
                    if same_bytes(&entry[5..], id.as_bytes()) {
                        return (at, Some(u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]])));
                    }
                    at = (at + 1) & mask;
                }
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// The value of `id`.
    pub fn get(&self, id: &str) -> Option<u32> {
        if id.len() > MAX_ID {
            return None; // never inserted
        }
        self.find(id, self.hash(id)).1
    }

    /// The value of each id, as [`IdIndex::get`] would give them one by one,
    /// passed to `out` in order. The ids are taken a batch at a time: their
    /// slots are loaded together, then the entries those point at, then
    /// compared, so that the cache misses of a batch overlap.
    pub fn get_each<'i>(&self, ids: impl IntoIterator<Item = &'i str>, mut out: impl FnMut(Option<u32>)) {
        const BATCH: usize = 16;
        let mask = self.slots.len() - 1;
        let mut batch: [(&str, u64); BATCH] = [("", 0); BATCH];
        let mut ids = ids.into_iter().peekable();
        while ids.peek().is_some() {
            let mut n = 0;
            for id in ids.by_ref().take(BATCH) {
                batch[n] = (id, if id.len() <= MAX_ID { self.hash(id) } else { 0 });
                n += 1;
            }
            for &(_, h) in &batch[..n] {
                std::hint::black_box(self.slots[h as usize & mask]);
            }
            for &(id, h) in &batch[..n] {
                let slot = self.slots[h as usize & mask];
                if slot != 0 && slot >> 48 == h >> 48 && id.len() <= MAX_ID {
                    std::hint::black_box(self.arena[(slot & ((1 << 40) - 1)) as usize]);
                }
            }
            for &(id, h) in &batch[..n] {
                out(if id.len() > MAX_ID { None } else { self.find(id, h).1 });
            }
        }
    }

    /// Add `id` with `value`; false (and nothing changed) if `id` is already
    /// there or longer than any valid id.
    pub fn insert(&mut self, id: &str, value: u32) -> bool {
        if id.len() > MAX_ID {
            return false;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let h = self.hash(id);
        let (at, found) = self.find(id, h);
        if found.is_some() {
            return false;
        }
        let start = self.arena.len() as u64;
        self.arena.extend_from_slice(&value.to_le_bytes());
        self.arena.push(id.len() as u8);
        self.arena.extend_from_slice(id.as_bytes());
        self.slots[at] = (h >> 48 << 48) | ((id.len() as u64) << 40) | start;
        self.len += 1;
        true
    }

    /// Every id with its value, in the order they were inserted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            if at >= self.arena.len() {
                return None;
            }
            let value =
                u32::from_le_bytes([self.arena[at], self.arena[at + 1], self.arena[at + 2], self.arena[at + 3]]);
            let len = usize::from(self.arena[at + 4]);
            let id = std::str::from_utf8(&self.arena[at + 5..at + 5 + len]).unwrap_or_default();
            at += 5 + len;
            Some((id, value))
        })
    }

    /// Each value replaced by `f` of it; the ids and their order stay.
    pub fn map_values(&mut self, mut f: impl FnMut(u32) -> u32) {
        let mut at = 0;
        while at < self.arena.len() {
            let value =
                u32::from_le_bytes([self.arena[at], self.arena[at + 1], self.arena[at + 2], self.arena[at + 3]]);
            self.arena[at..at + 4].copy_from_slice(&f(value).to_le_bytes());
            at += 5 + usize::from(self.arena[at + 4]);
        }
    }

    /// Every id, in the order they were inserted.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().map(|(id, _)| id)
    }

    fn grow(&mut self) {
        let bigger = vec![0; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|&s| s != 0) {
            let start = (slot & ((1 << 40) - 1)) as usize;
            let len = ((slot >> 40) & 0xff) as usize;
            let id = std::str::from_utf8(&self.arena[start + 5..start + 5 + len]).unwrap_or_default();
            let mut at = self.hash(id) as usize & mask;
            while self.slots[at] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IdIndex;

    #[test]
    fn finds_what_was_inserted_grows_and_iterates_in_order() {
        let mut ix = IdIndex::with_capacity(2);
        let ids: Vec<String> = (0..1000).map(|i| format!("claim-{i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(ix.insert(id, i as u32 * 3));
        }
        assert!(!ix.insert("claim-7", 5), "a second insert of an id is refused");
        assert_eq!(ix.len(), 1000);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(ix.get(id), Some(i as u32 * 3));
        }
        for missing in ["claim-1000", "claim-", "", "x", "claim-07", &"a".repeat(300)] {
            assert_eq!(ix.get(missing), None, "{missing}");
        }
        assert!(!ix.insert(&"a".repeat(300), 1), "longer than any id");
        let back: Vec<(String, u32)> = ix.iter().map(|(k, v)| (k.to_string(), v)).collect();
        let want: Vec<(String, u32)> = ids.iter().enumerate().map(|(i, id)| (id.clone(), i as u32 * 3)).collect();
        assert_eq!(back, want);
        assert_eq!(format!("{:?}", IdIndex::default()), "{}");
        // Many at once, as one by one.
        let mut asked: Vec<String> = ids.iter().rev().cloned().collect();
        asked.extend(["claim-1000".to_string(), String::new(), "a".repeat(300)]);
        let mut many = Vec::new();
        ix.get_each(asked.iter().map(String::as_str), |v| many.push(v));
        let one_by_one: Vec<Option<u32>> = asked.iter().map(|a| ix.get(a)).collect();
        assert_eq!(many, one_by_one);
        assert_eq!(many.iter().filter(|v| v.is_some()).count(), 1000);
        // Values replaced in place: as an index made with the new values.
        ix.map_values(|v| v / 3 + 7);
        let mut fresh = IdIndex::with_capacity(2);
        for (i, id) in ids.iter().enumerate() {
            fresh.insert(id, i as u32 + 7);
        }
        assert_eq!(ix.iter().collect::<Vec<_>>(), fresh.iter().collect::<Vec<_>>());
        for id in &ids {
            assert_eq!(ix.get(id), fresh.get(id), "{id}");
        }
    }
}

/// A fast hasher for the maps the loader and the checks build over ids and
/// indices (millions of entries on a large map). Std's default SipHash costs
/// more than the rest of a lookup there. This one folds 8 bytes at a time
/// with a 64×64→128-bit multiply; it starts from a random per-process seed,
/// so a hostile map cannot be crafted to make its keys collide.
#[derive(Clone, Copy, Debug)]
pub struct FastState {
    seed: u64,
}

impl Default for FastState {
    fn default() -> Self {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64) | 1
        });
        FastState { seed }
    }
}

impl std::hash::BuildHasher for FastState {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher { h: self.seed }
    }
}

/// The hasher of [`FastState`].
#[derive(Clone, Copy, Debug)]
pub struct FastHasher {
    h: u64,
}

const FOLD_K: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.h;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = fold(h ^ w, FOLD_K);
        }
        // The last 1 to 7 bytes, read without a copy into a buffer (a call
        // to `memcpy` and a stalled load, once the costliest part of hashing
        // an id): two overlapping 4-byte reads, or the first, middle and last
        // byte. With the length mixed in, distinct tails give distinct words.
        let rest = chunks.remainder();
        let n = rest.len();
        if n > 0 {
            let w = if n >= 4 {
                let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                u64::from(lo) | (u64::from(hi) << 32)
            } else {
                u64::from(rest[0]) | (u64::from(rest[n / 2]) << 8) | (u64::from(rest[n - 1]) << 16)
            };
            h = fold(h ^ w, FOLD_K ^ n as u64);
        }
        self.h = h;
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    #[inline]
    fn write_u16(&mut self, n: u16) {
        self.write_u64(u64::from(n));
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.h = fold(self.h ^ n, FOLD_K);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        fold(self.h, FOLD_K.rotate_left(17))
    }
}
