//! The table loaders: CSV tables and `.xlsx` workbooks. The input's first byte chooses the
//! form. For CSV, the rest is tables separated by NUL bytes, each `name\n` then its CSV
//! text (a name outside the layout is an error, as a stray file in a directory is not).
//! For xlsx, the rest is the workbook's bytes; mutations of a real workbook (the seed
//! corpus holds the NSP one) reach calamine's zip and XML readers. A data set that loads is
//! evaluated with the default rules on its plan's last day, and written as tables again,
//! which must read back to the same plan and monitoring data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planwatch::{tables, Dataset, RuleSet};

fuzz_target!(|data: &[u8]| {
    let Some((&form, rest)) = data.split_first() else {
        return;
    };
    let set = if form % 2 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        let parts: Vec<(&str, &str)> = text
            .split('\0')
            .map(|part| part.split_once('\n').unwrap_or((part, "")))
            .collect();
        tables::read_csv_texts(parts)
    } else {
        tables::read_xlsx_bytes(rest, None)
    };
    let Ok(set) = set else {
        return;
    };
    let Ok(dataset) = Dataset::from_tables(&set) else {
        return;
    };
    let evaluation = dataset.evaluate(&RuleSet::default(), dataset.plan().end);
    let _ = serde_json::to_string(&evaluation).expect("an evaluation serialises");
    let again = tables::encode(dataset.plan(), dataset.monitoring());
    let back = Dataset::from_tables(&again).expect("a valid data set's tables read back");
    assert_eq!(back.plan(), dataset.plan(), "tables round trip: plan");
    assert_eq!(back.monitoring(), dataset.monitoring(), "tables round trip: monitoring");
});
