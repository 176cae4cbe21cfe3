//! Header detection: the input's lines are header texts. Checks: no panic;
//! a detected kind has every required column matched; matching is by the
//! normalised text, so it is idempotent under normalisation.
#![no_main]

use cxkpi::engine::{detect_kind, match_header, normalize_header, TableKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let headers: Vec<String> = text.split(['\n', ',']).map(str::to_string).collect();
    for h in &headers {
        let norm = normalize_header(h);
        assert_eq!(normalize_header(&norm), norm, "normalising {h:?} twice");
        for kind in TableKind::ALL {
            let a = match_header(kind, h).map(|c| c.name);
            let b = match_header(kind, &norm).map(|c| c.name);
            assert_eq!(a, b, "{kind:?}: {h:?} vs {norm:?}");
        }
    }
    if let Some(kind) = detect_kind(&headers) {
        for col in kind.columns().iter().filter(|c| c.required) {
            assert!(
                headers
                    .iter()
                    .any(|h| match_header(kind, h).map(|c| c.name) == Some(col.name)),
                "{kind:?} detected without {}",
                col.name
            );
        }
    }
});
