//! The CSV reader of `import votes` (`formats::votes::CsvReader`) against the
//! `csv` crate on one file, three rounds: `cargo run --release --example
//! csv_compare -- votes.csv` (docs/performance.md, "Importing the UN General
//! Assembly votes", has the numbers and the decision they support).

use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let mut rd = elenchus::formats::votes::CsvReader::new(&text);
        let mut f = Vec::new();
        let (mut n, mut bytes) = (0usize, 0usize);
        while let Ok(Some(_)) = rd.next_record(&mut f) {
            n += 1;
            bytes += f.iter().map(|x| x.len()).sum::<usize>();
        }
        let a = t.elapsed();
        let t = Instant::now();
        let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut rec = csv::StringRecord::new();
        let (mut m, mut bytes2) = (0usize, 0usize);
        while r.read_record(&mut rec).unwrap() {
            m += 1;
            bytes2 += rec.iter().map(|x| x.len()).sum::<usize>();
            let _ = rec.position().map(|p| p.line());
        }
        let b = t.elapsed();
        let t = Instant::now();
        let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut rec = csv::ByteRecord::new();
        let mut k = 0usize;
        while r.read_byte_record(&mut rec).unwrap() {
            k += 1;
        }
        let c = t.elapsed();
        println!(
            "own: {n} records {bytes} B {:.1} ms | csv StringRecord: {m} {bytes2} B {:.1} ms | csv ByteRecord: {k} {:.1} ms",
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3,
            c.as_secs_f64() * 1e3
        );
    }
}
