//! Bytes that decode without parsing: LEB128 numbers, length-prefixed strings, counted
//! lists. The parsed-story cache's form (`story_codec`) and a story's field positions
//! (`Places`) are written with it. A reader never panics and never allocates more than
//! the bytes it is given could hold: damaged bytes read as `None`.

use crate::story::{Num, Spot};

pub struct Writer<'a>(pub &'a mut Vec<u8>);

impl Writer<'_> {
    /// LEB128: small numbers (lines, columns, lengths) take a byte or two.
    pub fn uint(&mut self, n: usize) {
        let mut n = n as u64;
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// A length-prefixed run of bytes.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.uint(bytes.len());
        self.0.extend_from_slice(bytes);
    }

    /// 0 for none, else the length plus one.
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.uint(0),
            Some(s) => {
                self.uint(s.len() + 1);
                self.0.extend_from_slice(s.as_bytes());
            }
        }
    }

    pub fn strs(&mut self, list: &[String]) {
        self.uint(list.len());
        for s in list {
            self.str(s);
        }
    }

    pub fn num(&mut self, n: Num) {
        self.0.extend_from_slice(&n.0.to_bits().to_le_bytes());
    }

    pub fn opt_num(&mut self, n: Option<Num>) {
        match n {
            None => self.0.push(0),
            Some(n) => {
                self.0.push(1);
                self.num(n);
            }
        }
    }

    pub fn spot(&mut self, Spot { line, col }: Spot) {
        self.uint(line as usize);
        self.uint(col as usize);
    }
}

pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    pub fn uint(&mut self) -> Option<usize> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.take(1)?.first()?;
            n |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return usize::try_from(n).ok();
            }
        }
        None
    }

    /// A count of things to read: never more than the bytes left, so a damaged length
    /// cannot make a huge allocation.
    pub fn len(&mut self) -> Option<usize> {
        self.uint().filter(|&n| n <= self.0.len())
    }

    pub fn text(&mut self, len: usize) -> Option<String> {
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }

    /// A length-prefixed run of bytes, borrowed.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.uint()?;
        self.take(len)
    }

    /// A string, borrowed.
    pub fn borrowed_str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    pub fn str(&mut self) -> Option<String> {
        let len = self.uint()?;
        self.text(len)
    }

    pub fn opt_str(&mut self) -> Option<Option<String>> {
        match self.uint()? {
            0 => Some(None),
            n => self.text(n - 1).map(Some),
        }
    }

    pub fn strs(&mut self) -> Option<Vec<String>> {
        self.list(Reader::str)
    }

    /// A count, then that many things, in a vector of exactly that size (collecting
    /// `Option`s would grow it by doubling: a story's 14 places took room for 16).
    pub fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.len()?;
        // A damaged count is at most the bytes left, but a thing is larger in memory.
        let mut list = Vec::with_capacity(n.min(256));
        for _ in 0..n {
            list.push(read(self)?);
        }
        Some(list)
    }

    pub fn num(&mut self) -> Option<Num> {
        let bits = u64::from_le_bytes(self.take(8)?.try_into().ok()?);
        Some(Num(f64::from_bits(bits)))
    }

    pub fn opt_num(&mut self) -> Option<Option<Num>> {
        match self.take(1)?.first()? {
            0 => Some(None),
            1 => self.num().map(Some),
            _ => None,
        }
    }

    pub fn spot(&mut self) -> Option<Spot> {
        Some(Spot {
            line: u32::try_from(self.uint()?).ok()?,
            col: u32::try_from(self.uint()?).ok()?,
        })
    }
}
