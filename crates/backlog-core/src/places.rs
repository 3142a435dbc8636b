//! Where each front-matter field of a story stands in its file, for diagnostics on the
//! exact line and column. 10,000 stories are held at once and a story has a dozen or so
//! fields: kept as a list of keys and places, they took about 800 bytes a story (more
//! than the rest of it); packed into one buffer of small numbers, about 200.

use crate::packed::{Reader, Writer};
use crate::yaml::Pos;

/// Where a front-matter field stands in the file: its key, its value, and for a list
/// each item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    pub key: Spot,
    pub value: Spot,
    pub items: Box<[Spot]>,
}

/// A line and column (1-based) in a story file, in 8 bytes: 10,000 stories hold about
/// 200,000 of them. (A story file is at most 4 MiB, so both fit.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spot {
    pub line: u32,
    pub col: u32,
}

impl From<Pos> for Spot {
    fn from(pos: Pos) -> Spot {
        let fit = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Spot {
            line: fit(pos.line),
            col: fit(pos.col),
        }
    }
}

impl From<Spot> for Pos {
    fn from(spot: Spot) -> Pos {
        Pos {
            line: spot.line as usize,
            col: spot.col as usize,
            byte: 0,
        }
    }
}

/// The places of a story's fields, in file order, packed: read them with
/// [`Places::iter`] or [`Places::get`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Places(Box<[u8]>);

impl Places {
    /// Each field's key and place, in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Place)> + '_ {
        let mut r = Reader(&self.0);
        std::iter::from_fn(move || read_place(&mut r))
    }

    /// Where the field `key` is, if the file sets it.
    pub fn get(&self, key: &str) -> Option<Place> {
        self.iter().find(|(k, _)| *k == key).map(|(_, place)| place)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The packed form, for the parsed-story cache.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Places from their packed form; `None` unless every place in it reads.
    pub fn from_bytes(bytes: &[u8]) -> Option<Places> {
        let mut r = Reader(bytes);
        while !r.0.is_empty() {
            // Read through, not collected: this runs for each of 10,000 stories.
            r.borrowed_str()?;
            for _ in 0..2 {
                r.spot()?;
            }
            for _ in 0..r.len()? {
                r.spot()?;
            }
        }
        Some(Places(bytes.into()))
    }
}

impl<'k> FromIterator<(&'k str, Place)> for Places {
    fn from_iter<I: IntoIterator<Item = (&'k str, Place)>>(places: I) -> Places {
        let mut bytes = Vec::new();
        let mut w = Writer(&mut bytes);
        for (key, place) in places {
            w.str(key);
            w.spot(place.key);
            w.spot(place.value);
            w.uint(place.items.len());
            for item in place.items.iter() {
                w.spot(*item);
            }
        }
        Places(bytes.into_boxed_slice())
    }
}

fn read_place<'a>(r: &mut Reader<'a>) -> Option<(&'a str, Place)> {
    if r.0.is_empty() {
        return None;
    }
    let key = r.borrowed_str()?;
    let place = Place {
        key: r.spot()?,
        value: r.spot()?,
        items: r.list(Reader::spot)?.into_boxed_slice(),
    };
    Some((key, place))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(line: u32, col: u32) -> Spot {
        Spot { line, col }
    }

    #[test]
    fn places_read_back_as_they_were_packed() {
        let list = vec![
            (
                "id",
                Place {
                    key: spot(2, 1),
                    value: spot(2, 5),
                    items: Box::default(),
                },
            ),
            (
                "labels",
                Place {
                    key: spot(9, 1),
                    value: spot(9, 9),
                    items: vec![spot(9, 10), spot(300, 70_000)].into_boxed_slice(),
                },
            ),
            (
                "Ünïcode key",
                Place {
                    key: spot(u32::MAX, 1),
                    value: spot(1, u32::MAX),
                    items: Box::default(),
                },
            ),
        ];
        let places: Places = list.iter().cloned().collect();
        assert_eq!(places.iter().collect::<Vec<_>>(), list);
        assert_eq!(places.get("labels"), Some(list[1].1.clone()));
        assert_eq!(places.get("label"), None);
        assert_eq!(Places::from_bytes(places.as_bytes()), Some(places.clone()));
        // Cut inside a place: not read (the codec's length prefix says where they end).
        let bytes = places.as_bytes();
        let ends: Vec<usize> = (1..=list.len())
            .map(|n| {
                list[..n]
                    .iter()
                    .cloned()
                    .collect::<Places>()
                    .as_bytes()
                    .len()
            })
            .collect();
        for cut in 1..bytes.len() {
            let read = Places::from_bytes(&bytes[..cut]);
            assert_eq!(read.is_some(), ends.contains(&cut), "cut at {cut}");
        }
        assert!(Places::default().is_empty());
        assert_eq!(Places::from_bytes(&[]), Some(Places::default()));
    }
}
