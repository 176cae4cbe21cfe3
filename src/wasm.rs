//! The JavaScript API: decode arguments, call the engine, encode results. No
//! KPI logic lives here. Files are streamed in as `Uint8Array` chunks; the
//! report comes back as a plain JS object (the JSON of SPEC section 6).

use crate::engine::{
    self, Config, Dataset, Entry, ErrorKind, InputLoader, LoadOptions, LoadedFile, OpenError,
    TableKind,
};
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn error(message: &str);

    /// The archive module (`pkg/cxkpi_archive.js`, built from crates/cxkpi-archive),
    /// initialised: the caller loads it when `isContainer` says a file needs it.
    pub type ArchiveModule;
    /// Postcard bytes of `Result<Vec<Entry>, OpenError>` for one level of a container.
    #[wasm_bindgen(method, catch)]
    fn open(this: &ArchiveModule, bytes: &[u8]) -> Result<Vec<u8>, JsValue>;
}

/// One level of a container read by the archive module.
fn open_with(
    archive: &ArchiveModule,
    bytes: &[u8],
    visit: &mut dyn FnMut(Entry),
) -> Result<(), OpenError> {
    let failed =
        |message: String| OpenError::Unreadable(format!("the archive module failed: {message}"));
    let encoded = archive.open(bytes).map_err(|e| {
        let error = e.dyn_into::<js_sys::Error>();
        failed(error.map_or_else(|e| format!("{e:?}"), |e| e.message().into()))
    })?;
    let entries: Result<Vec<Entry>, OpenError> =
        postcard::from_bytes(&encoded).map_err(|e| failed(e.to_string()))?;
    entries?.into_iter().for_each(visit);
    Ok(())
}

/// End `loader`: containers are read by `archive`, or fail without it.
fn finish(
    loader: InputLoader,
    archive: Option<ArchiveModule>,
) -> Result<Vec<Result<LoadedFile, engine::Error>>, JsValue> {
    let finished = match archive {
        Some(archive) => loader.finish_with(&|bytes, visit| open_with(&archive, bytes, visit)),
        None => loader.finish_with(&|_, _| {
            let message = "the archive module (pkg/cxkpi_archive.js) was not given to finishFiles";
            Err(OpenError::Unreadable(message.into()))
        }),
    };
    finished.map_err(to_js_error)
}

/// On load: a panic (an engine bug) prints its message to the console before the trap.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| error(&info.to_string())));
}

/// A config plus the files loaded under it. Files are read in the config's
/// `time_zone`: after `setConfig` changes the zone, `report()` throws until the
/// files named in the error's `reload` array are loaded again.
#[wasm_bindgen]
#[derive(Default)]
pub struct Engine {
    config: Config,
    files: Vec<LoadedFile>,
    loading: BTreeMap<u32, InputLoader>,
    next_handle: u32,
}

#[wasm_bindgen]
impl Engine {
    /// `new Engine(configJson)`; no argument means the default config. Throws on a bad config.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: Option<String>) -> Result<Engine, JsValue> {
        let config = match config_json {
            Some(text) => Config::from_json(&text).map_err(to_js_error)?,
            None => Config::default(),
        };
        Ok(Engine {
            config,
            ..Engine::default()
        })
    }

    /// Replace the config. Throws (and keeps the old one) if it is invalid.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&mut self, config_json: &str) -> Result<(), JsValue> {
        self.config = Config::from_json(config_json).map_err(to_js_error)?;
        Ok(())
    }

    /// Start reading a file: a CSV, an `.xlsx` workbook or a `.zip` of them
    /// (told apart by their bytes; see `finishFiles`). `kind` (`tickets`, `calls`, ...) overrides detection;
    /// `columns` is a plain object, canonical column → header text; `size`, the file's
    /// bytes when known (a `File`), lets the table make room for every row at once,
    /// which a file of gigabytes needs to fit. Returns a handle.
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(
        &mut self,
        name: &str,
        kind: Option<String>,
        columns: JsValue,
        size: Option<f64>,
    ) -> Result<u32, JsValue> {
        let kind = match kind {
            Some(id) => Some(
                TableKind::from_id(&id)
                    .ok_or_else(|| usage(format!("unknown table kind \"{id}\"")))?,
            ),
            None => None,
        };
        let columns: Option<BTreeMap<String, String>> =
            serde_wasm_bindgen::from_value(columns).map_err(|e| usage(format!("columns: {e}")))?;
        let columns = columns.unwrap_or_default();
        let options = LoadOptions {
            kind,
            time_zone: self.config.time_zone,
            columns,
            size: size
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(|s| s as u64),
            ..LoadOptions::default()
        };
        self.next_handle += 1;
        self.loading
            .insert(self.next_handle, InputLoader::new(name, options));
        Ok(self.next_handle)
    }

    /// Feed the next chunk (any size; it may end mid-line). Returns the bytes read
    /// so far. On error the file is dropped.
    #[wasm_bindgen(js_name = pushChunk)]
    pub fn push_chunk(&mut self, handle: u32, chunk: &[u8]) -> Result<f64, JsValue> {
        let loader = self
            .loading
            .get_mut(&handle)
            .ok_or_else(|| no_handle(handle))?;
        let result = loader.push(chunk).map(|()| loader.bytes_read() as f64);
        if result.is_err() {
            self.loading.remove(&handle);
        }
        result.map_err(to_js_error)
    }

    /// Whether the file being read is a ZIP archive or `.xlsx` workbook (known once 4
    /// bytes are in): then `finishFile(s)` needs the archive module.
    #[wasm_bindgen(js_name = isContainer)]
    pub fn is_container(&self, handle: u32) -> Result<bool, JsValue> {
        let loader = self.loading.get(&handle).ok_or_else(|| no_handle(handle))?;
        Ok(loader.is_container())
    }

    /// End the file and keep it, replacing a loaded file of the same name. Returns its
    /// `inputs[]` entry: `{file, kind, format, encoding, delimiter, rows, skipped, columns}`.
    /// A ZIP archive or workbook that gives more than one input throws: use `finishFiles`.
    #[wasm_bindgen(js_name = finishFile)]
    pub fn finish_file(
        &mut self,
        handle: u32,
        archive: Option<ArchiveModule>,
    ) -> Result<JsValue, JsValue> {
        let loader = self
            .loading
            .remove(&handle)
            .ok_or_else(|| no_handle(handle))?;
        let mut files = finish(loader, archive)?;
        let (n, last) = (files.len(), files.pop());
        let file = match last {
            Some(file) if n == 1 => file.map_err(to_js_error)?,
            _ => {
                return Err(usage(format!(
                    "the file holds {n} inputs (a ZIP archive or workbook): use finishFiles"
                )))
            }
        };
        let info = to_js(&file.info)?;
        self.keep(file);
        Ok(info)
    }

    /// End the file and keep every input read from it (one for a CSV; one per
    /// member or sheet of a ZIP archive or `.xlsx` workbook, named
    /// `export.zip/tickets.csv`, `book.xlsx#Sheet1`), replacing loaded inputs of
    /// the same names. Returns one entry per input: its `inputs[]` entry, or
    /// `{file, error}` for a member or sheet that could not be read (the others
    /// are kept). Throws when the file itself cannot be read. `archive`: the archive
    /// module (`import * as archive from "pkg/cxkpi_archive.js"`, initialised), needed
    /// when `isContainer(handle)`.
    #[wasm_bindgen(js_name = finishFiles)]
    pub fn finish_files(
        &mut self,
        handle: u32,
        archive: Option<ArchiveModule>,
    ) -> Result<js_sys::Array, JsValue> {
        let loader = self
            .loading
            .remove(&handle)
            .ok_or_else(|| no_handle(handle))?;
        let entries = js_sys::Array::new();
        for result in finish(loader, archive)? {
            match result {
                Ok(file) => {
                    entries.push(&to_js(&file.info)?);
                    self.keep(file);
                }
                Err(err) => {
                    let entry = js_sys::Object::new();
                    let name = err.pos.as_ref().map(|p| p.file.clone());
                    js_sys::Reflect::set(&entry, &"file".into(), &name.into())?;
                    js_sys::Reflect::set(&entry, &"error".into(), &to_js_error(err))?;
                    entries.push(&entry);
                }
            }
        }
        Ok(entries)
    }

    fn keep(&mut self, file: LoadedFile) {
        let name = &file.info.file;
        self.files.retain(|f| f.info.file != *name);
        self.files.push(file);
    }

    /// Forget the loaded file called `name`, and the inputs read from it when it
    /// was an archive or workbook (`name/...`, `name#...`).
    #[wasm_bindgen(js_name = removeFile)]
    pub fn remove_file(&mut self, name: &str) {
        let inner = |f: &str| {
            f.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('/') || rest.starts_with('#'))
        };
        self.files
            .retain(|f| f.info.file != name && !inner(&f.info.file));
    }

    /// Forget every file, loaded or being loaded.
    pub fn clear(&mut self) {
        self.files.clear();
        self.loading.clear();
    }

    /// Compute the report over every loaded file, as a plain object.
    pub fn report(&self) -> Result<JsValue, JsValue> {
        let tz = self.config.time_zone;
        let stale = self.files.iter().filter(|f| f.time_zone != tz);
        let stale: Vec<&str> = stale.map(|f| f.info.file.as_str()).collect();
        if !stale.is_empty() {
            let err = usage(format!(
                "the time zone is now {tz}: load again {}",
                stale.join(", ")
            ));
            js_sys::Reflect::set(&err, &"reload".into(), &to_js(&stale)?)?;
            return Err(err);
        }
        let mut data = Dataset::new();
        for file in &self.files {
            data.add_ref(file).map_err(to_js_error)?;
        }
        let report = engine::report(&data, &self.config).map_err(to_js_error)?;
        to_js(&report)
    }
}

/// A value as a plain JS object: one JSON string, parsed by the browser. That
/// is far fewer calls across the boundary than building the object field by
/// field, the same text as the CLI prints, and one serializer in the module.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(|e| usage(e.to_string()))?;
    js_sys::JSON::parse(&json)
}

/// A real JS `Error` with `file`, `line` (0: the whole file) and `column`, `null` where
/// unknown, plus `field`: the dotted path of the config field, for config errors.
fn to_js_error(err: engine::Error) -> JsValue {
    let js: JsValue = js_sys::Error::new(&err.to_string()).into();
    let (file, line, column) = match err.pos {
        Some(p) => (
            p.file.into(),
            (p.line as f64).into(),
            p.column.map_or(JsValue::NULL, JsValue::from),
        ),
        None => (JsValue::NULL, JsValue::NULL, JsValue::NULL),
    };
    let field = match err.kind {
        ErrorKind::Config { field, .. } => field.into(),
        _ => JsValue::NULL,
    };
    for (key, value) in [
        ("file", file),
        ("line", line),
        ("column", column),
        ("field", field),
    ] {
        let _ = js_sys::Reflect::set(&js, &key.into(), &value);
    }
    js
}

fn usage(message: String) -> JsValue {
    to_js_error(engine::Error {
        kind: ErrorKind::Usage { message },
        pos: None,
    })
}

fn no_handle(handle: u32) -> JsValue {
    usage(format!(
        "no file is being read with handle {handle} (finished, failed or cleared)"
    ))
}
