use reviewpack::data::{load_dataset, LoadScope};
fn main() {
    let ws = reviewpack::config::load_workspace(std::path::Path::new(&std::env::args().nth(1).unwrap())).unwrap();
    let ds = load_dataset(&ws, &LoadScope::All).unwrap();
    let mut f = std::fs::File::create("/tmp/dump.csv").unwrap();
    use polars::prelude::*;
    let mut df = ds.tickets.select(["id","created","first_response","resolved","closed","status","reopens"]).unwrap();
    polars_io::csv::write::CsvWriter::new(&mut f).finish(&mut df).unwrap();
}
