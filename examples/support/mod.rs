//! What the dev examples share: reading a file into the engine as the CLI does.
use cxkpi::engine::{FileLoader, LoadOptions, LoadedFile};
use std::io::Read;

/// Load the file at `path` the way the CLI does: streamed in 1 MiB chunks,
/// with the file's length as the loader's size hint.
pub fn load_path(path: &str) -> LoadedFile {
    let mut file = std::fs::File::open(path).expect("open");
    let size = file.metadata().expect("metadata").len();
    let options = LoadOptions {
        size: Some(size),
        ..LoadOptions::default()
    };
    let mut loader = FileLoader::new(path, options);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).expect("read");
        if n == 0 {
            break;
        }
        loader.push(&buf[..n]).expect("load");
    }
    loader.finish().expect("load")
}
