//! Ids of new actors and claims: slugs of names, with a hash when two collide.

use std::collections::{HashMap, HashSet};

use crate::error::Error;
use crate::model::is_valid_id;

use super::MAX_SLUG;

/// The Latin letter(s) a lower-case letter with a diacritic stands for.
pub(super) fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ẫ' | 'ậ' | 'ắ'
        | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề' | 'ể' | 'ễ' | 'ệ' => {
            "e"
        }
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ỉ' | 'ị' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'ŋ' => "ng",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'ơ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ' | 'ỗ' | 'ộ'
        | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' | 'ư' | 'ụ' | 'ủ' | 'ứ' | 'ừ' | 'ử' | 'ữ'
        | 'ự' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỹ' | 'ỵ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// A lower-case ASCII id from a name: diacritics of Latin letters removed,
/// apostrophes dropped, every other run of characters that are not ASCII
/// letters or digits turned into one `-`, no `-` at either end, at most
/// [`MAX_SLUG`] bytes (cut at a `-` where possible). Empty when the name has
/// no Latin letter or digit.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if let Some(s) = fold(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push_str(s);
        } else if matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | '´') {
            // Dropped: `people's` → `peoples`.
        } else {
            dash = true;
        }
    }
    if out.len() > MAX_SLUG {
        let cut = out[..=MAX_SLUG].rfind('-').filter(|&i| i >= MAX_SLUG / 2).unwrap_or(MAX_SLUG);
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// 64-bit FNV-1a.
pub(super) fn fnv64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Ids for new names, as documented in the module: the slug, or the slug
/// and a hash when another of the names has the same slug or `taken(slug)`
/// (an item of the map merged into already has that id); a hashed id that
/// equals another id or a taken one gets the hash's 16 digits. `keys` are
/// the names' identities ([`name_key`]). Every choice depends on the set of
/// names and taken ids, never on their order.
pub fn derive_ids(keys: &[&str], kind: &str, taken: impl Fn(&str) -> bool) -> Result<Vec<String>, Error> {
    let slugs: Vec<String> = keys.iter().map(|k| slug(k)).collect();
    let mut group_size: HashMap<&str, usize> = HashMap::new();
    for s in &slugs {
        *group_size.entry(s.as_str()).or_default() += 1;
    }
    let hashed = |i: usize, digits: usize| {
        let h = format!("{:016x}", fnv64(keys[i]));
        let base = if slugs[i].is_empty() { kind } else { slugs[i].as_str() };
        format!("{base}-{}", &h[..digits])
    };
    let mut is_hashed = vec![false; keys.len()];
    let mut ids: Vec<String> = (0..keys.len())
        .map(|i| {
            let s = slugs[i].as_str();
            if s.is_empty() || group_size[s] > 1 || taken(s) {
                is_hashed[i] = true;
                hashed(i, 6)
            } else {
                s.to_string()
            }
        })
        .collect();
    // A hashed id may (very unlikely) equal another id or a taken one: lengthen it.
    let mut count: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    for id in &ids {
        *count.entry(id.as_str()).or_default() += 1;
    }
    let longer: Vec<usize> =
        (0..ids.len()).filter(|&i| is_hashed[i] && (count[ids[i].as_str()] > 1 || taken(&ids[i]))).collect();
    for i in longer {
        ids[i] = hashed(i, 16);
    }
    let mut seen: HashSet<&str> = HashSet::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        if !is_valid_id(id) || !seen.insert(id.as_str()) || (is_hashed[i] && taken(id)) {
            return Err(Error::Other(format!("cannot derive a unique {kind} id for `{}`", keys[i])));
        }
    }
    Ok(ids)
}
