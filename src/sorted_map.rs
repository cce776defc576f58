//! The flat map the crate keeps its string-keyed tables in (a policy's texts, the evaluator's
//! indexes, a context's consents, a compiled policy's tables).
//!
//! These tables are built once and then read: a vector sorted by key is contiguous, is searched
//! by halves, and iterates (and is written as JSON) in key order, never in a hash seed's order.
//! The map's JSON readers and writers live with the JSON boundary (`crate::json`), so this
//! module depends on nothing of the crate's.

use crate::prelude::*;

/// A map from strings, built at once and then mostly read: a vector sorted by key, searched by
/// halves (an `insert` after that shifts the entries behind it). When a key is given twice, the
/// last value is kept, as a map's `insert` would. It iterates, and is written as a JSON object,
/// in key order, as a `BTreeMap` is.
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
    /// The map of `entries`; where a key is given more than once, its last value is kept.
    pub fn new(mut entries: Vec<(String, V)>) -> Self {
        // Reversed, the last value given for a key comes first among its equals; the sort is
        // stable, and `dedup_by` keeps the first of each run.
        entries.reverse();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
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

impl<V> IntoIterator for SortedMap<V> {
    type Item = (String, V);
    type IntoIter = alloc::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
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
/// read, then sorted as [`SortedMap::new`] sorts them.
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

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<SortedMap<V>, A::Error> {
        unique_entries(map).map(SortedMap::new)
    }
}

/// A JSON object's members through serde, in the text's order; a key given twice is refused, as
/// the crate's own reader refuses it (`map_entries`): which value counts would be a guess.
pub(crate) fn unique_entries<'de, A: serde::de::MapAccess<'de>, V: serde::Deserialize<'de>>(
    mut map: A,
) -> Result<Vec<(String, V)>, A::Error> {
    let mut entries: Vec<(String, V)> = Vec::new();
    let mut keys = alloc::collections::BTreeSet::new();
    while let Some((key, value)) = map.next_entry::<String, V>()? {
        if !keys.insert(key.clone()) {
            return Err(serde::de::Error::custom(format_args!("duplicate key `{key}`")));
        }
        entries.push((key, value));
    }
    Ok(entries)
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
