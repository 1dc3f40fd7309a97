//! The baseline of the large-export benchmark (`scripts/bench.sh`, section `large`): what polars
//! alone needs to read a tickets CSV (every column as text, as reviewpack reads it) and parse its
//! timestamp columns with an explicit format, on all cores.
//!
//!   cargo run --release --example polars_baseline -- FILE FORMAT COLUMN...
//!   cargo run --release --example polars_baseline -- tickets.csv '%Y-%m-%dT%H:%M:%S%:z' Created Resolved

use std::time::Instant;

use polars::prelude::*;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: polars_baseline FILE FORMAT COLUMN...";
    let path = args.next().ok_or_else(|| anyhow::anyhow!(usage))?;
    let format = args.next().ok_or_else(|| anyhow::anyhow!(usage))?;
    let columns: Vec<String> = args.collect();
    let start = Instant::now();
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .try_into_reader_with_file_path(Some(path.into()))?
        .finish()?;
    let read = start.elapsed();
    let options = StrptimeOptions {
        format: Some(format.into()),
        strict: false,
        exact: true,
        cache: true,
    };
    let parsed: Vec<Expr> = columns
        .iter()
        .map(|name| {
            col(name.as_str()).str().to_datetime(
                Some(TimeUnit::Milliseconds),
                Some(TimeZone::UTC),
                options.clone(),
                lit("raise"),
            )
        })
        .collect();
    let frame = frame.lazy().with_columns(parsed).collect()?;
    let total = start.elapsed();
    let parsed_values: usize = columns
        .iter()
        .map(|name| frame.column(name).map(|c| c.len() - c.null_count()))
        .sum::<PolarsResult<usize>>()?;
    println!(
        "polars alone: {} rows; read {:.3} s, timestamps {:.3} s ({parsed_values} values), total {:.3} s",
        frame.height(),
        read.as_secs_f64(),
        (total - read).as_secs_f64(),
        total.as_secs_f64()
    );
    Ok(())
}
