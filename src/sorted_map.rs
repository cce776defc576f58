//! The sorted map that stands in for hash and B-tree maps across the crate (a policy's texts,
//! the evaluator's indexes, a context's consents, a compiled policy's tables), and the heap sort
//! it and the policy's id lists are built with.
//!
//! Hash maps bring hashbrown and SipHash into the browser's Wasm module and iterate in an order
//! that depends on a seed; a B-tree compiles its insertion and rebalancing code once per value
//! type. A vector sorted once by key does neither. The map's JSON readers and writers live with
//! the JSON boundary (`crate::json`), so this module depends on nothing of the crate's.

use crate::prelude::*;

/// A map from strings, built at once and then mostly read: a vector sorted by key, searched by
/// halves (an `insert` after that shifts the entries behind it). When a key is given twice, the
/// last value is kept, as a map's `insert` would. It iterates, and
/// is written as a JSON object, in key order, as a `BTreeMap` is, without a B-tree's insertion,
/// search and rebalancing code for each value type in the browser's Wasm module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        SortedMap { entries: Vec::new() }
    }
}

impl<V> SortedMap<V> {
    /// The map of `entries`.
    pub fn new(mut entries: Vec<(String, V)>) -> Self {
        // Where each entry goes is worked out on the keys alone, by code shared by every value
        // type; only the moves are compiled per type.
        let mut keys = Vec::with_capacity(entries.len());
        for (i, (k, _)) in entries.iter().enumerate() {
            keys.push((k.as_str(), i));
        }
        let (mut places, kept) = key_places(keys);
        // Each entry to its place, following the permutation's cycles: every swap puts one entry
        // where it belongs, so there are fewer swaps than entries (the bound only makes that sure).
        let mut swaps = 0;
        for i in 0..places.len() {
            while let Some(&j) = places
                .get(i)
                .filter(|&&j| j != i && j < entries.len() && swaps < entries.len())
            {
                entries.swap(i, j);
                places.swap(i, j);
                swaps += 1;
            }
        }
        entries.truncate(kept);
        SortedMap { entries }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        let at = self.entries.partition_point(|(k, _)| k.as_str() < key);
        self.entries.get(at).filter(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let at = self.entries.partition_point(|(k, _)| k.as_str() < key);
        self.entries.get_mut(at).filter(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The keys and values, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The entries, in key order.
    pub fn entries(&self) -> &[(String, V)] {
        &self.entries
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values, in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Sets the value of `key`, returning the one it replaces.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        let at = self.entries.partition_point(|(k, _)| *k < key);
        match self.entries.get_mut(at) {
            Some(slot) if slot.0 == key => Some(core::mem::replace(&mut slot.1, value)),
            _ => {
                self.entries.insert(at, (key, value));
                None
            }
        }
    }

    /// Keeps only the entries for which `keep` says so, in key order.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &V) -> bool) {
        self.entries.retain(|(k, v)| keep(k, v));
    }

    /// The values, in key order, to change.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Where each of a list's keys goes in a map of them (`(key, position)` pairs, one per position):
/// the keys in order, each once, come first, and where a key is given more than once its last
/// is kept, as a map's `insert` would keep it; the others go after them. Also how many are kept.
fn key_places(mut keyed: Vec<(&str, usize)>) -> (Vec<usize>, usize) {
    sort_keyed(&mut keyed);
    // Sorted by key, then position: the last pair of each key is the one kept.
    let kept_at = |n: usize| match (keyed.get(n), keyed.get(n + 1)) {
        (Some(this), Some(next)) => this.0 != next.0,
        _ => true,
    };
    let kept = (0..keyed.len()).filter(|&n| kept_at(n)).count();
    let mut places = vec![0; keyed.len()];
    let (mut next_kept, mut next_dropped) = (0, kept);
    for (n, &(_, i)) in keyed.iter().enumerate() {
        let next = if kept_at(n) { &mut next_kept } else { &mut next_dropped };
        if let Some(slot) = places.get_mut(i) {
            *slot = *next;
        }
        *next += 1;
    }
    (places, kept)
}

/// Sorts `(key, position)` pairs by key, then position: the one heap sort of the crate's sorted
/// lists and maps.
pub(crate) fn sort_keyed(entries: &mut [(&str, usize)]) {
    heap_sort(entries, |a, b| a < b);
}

impl<V> FromIterator<(String, V)> for SortedMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        SortedMap::new(iter.into_iter().collect())
    }
}

impl<'a, V> IntoIterator for &'a SortedMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = core::iter::Map<core::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a String, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<V, const N: usize> From<[(String, V); N]> for SortedMap<V> {
    fn from(entries: [(String, V); N]) -> Self {
        SortedMap::new(entries.into())
    }
}

impl<V: serde::Serialize> serde::Serialize for SortedMap<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// Through serde (the crate's own reader is [`crate::json::FromJson`]): the object's entries as
/// read, then sorted as [`SortedMap::new`] sorts them, so no B-tree is built on the way.
impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for SortedMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(Entries(core::marker::PhantomData))
    }
}

/// The serde visitor of a [`SortedMap`]'s entries.
struct Entries<V>(core::marker::PhantomData<V>);

impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
    type Value = SortedMap<V>;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<SortedMap<V>, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(SortedMap::new(entries))
    }
}

/// Its JSON Schema is a `BTreeMap`'s: an object whose every value is a `V`.
#[cfg(feature = "schema")]
impl<V: schemars::JsonSchema> schemars::JsonSchema for SortedMap<V> {
    fn inline_schema() -> bool {
        <alloc::collections::BTreeMap<String, V> as schemars::JsonSchema>::inline_schema()
    }

    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        <alloc::collections::BTreeMap<String, V> as schemars::JsonSchema>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <alloc::collections::BTreeMap<String, V> as schemars::JsonSchema>::json_schema(generator)
    }
}

/// Sorts `v` so that no element is `less` than one before it: a heap sort, O(n log n) at worst
/// and not stable. The standard library's sorts are faster on large inputs but each brings its
/// own code into the Wasm for every element type; validation sorts a few ids, and the problems of
/// a policy, at most once per load.
pub fn heap_sort<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n, &less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &less);
    }
}

/// Moves `v[root]` down the heap `v[..end]` until neither child is greater.
fn sift_down<T>(v: &mut [T], mut root: usize, end: usize, less: &impl Fn(&T, &T) -> bool) {
    let lt = |v: &[T], a: usize, b: usize| match (v.get(a), v.get(b)) {
        (Some(x), Some(y)) => less(x, y),
        _ => false,
    };
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && lt(v, child, child + 1) {
            child += 1;
        }
        if !lt(v, root, child) {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sorted_map_keeps_the_last_value_of_a_key() {
        let map = SortedMap::new(vec![("b".into(), 1), ("a".into(), 2), ("b".into(), 3), ("c".into(), 4)]);
        assert_eq!(map.get("a"), Some(&2));
        assert_eq!(map.get("b"), Some(&3));
        assert_eq!(map.get("c"), Some(&4));
        assert_eq!(map.get(""), None);
        assert_eq!(map.get("bb"), None);
        assert_eq!(SortedMap::<u8>::new(Vec::new()).get("a"), None);
        let mut map = map;
        assert_eq!(map.insert("b".into(), 5), Some(3));
        assert_eq!(map.insert("aa".into(), 6), None);
        assert_eq!(
            map.keys().map(String::as_str).collect::<Vec<_>>(),
            ["a", "aa", "b", "c"]
        );
        assert_eq!(map.values().copied().collect::<Vec<_>>(), [2, 6, 5, 4]);
        *map.get_mut("aa").unwrap() = 7;
        assert_eq!(map.get("aa"), Some(&7));
        assert_eq!(map.get_mut("ab"), None);
    }

    proptest::proptest! {
        #[test]
        fn heap_sort_sorts_as_the_standard_sort(mut v in proptest::collection::vec(0u8..20, 0..64)) {
            let mut want = v.clone();
            want.sort();
            heap_sort(&mut v, |a, b| a < b);
            proptest::prop_assert_eq!(v, want);
        }

        #[test]
        fn a_sorted_map_agrees_with_a_hash_map(list in proptest::collection::vec(("[a-c]{0,2}", 0u8..9), 0..12), probe in "[a-c]{0,2}") {
            let map = SortedMap::new(list.iter().map(|(k, v)| (k.clone(), *v)).collect());
            let hashed: std::collections::HashMap<String, u8> = list.iter().cloned().collect();
            proptest::prop_assert_eq!(map.get(&probe), hashed.get(&probe));
            // Every key once, in order, with the last value given for it, as a BTreeMap has them.
            let btree: alloc::collections::BTreeMap<String, u8> = list.iter().cloned().collect();
            let entries: Vec<(String, u8)> = map.iter().map(|(k, v)| (k.clone(), *v)).collect();
            proptest::prop_assert_eq!(entries, btree.into_iter().collect::<Vec<_>>());
        }
    }
}
