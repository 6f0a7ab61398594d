//! `server precompress`: writes `.br` and `.gz` twins of the build's assets at
//! the best compression, once, so that `/pkg` serves them without compressing
//! on every request (and smaller than on-the-fly compression could).

use std::io::Write;
use std::path::Path;

/// Compresses every `.js`, `.wasm` and `.css` file in `dir`; returns how many.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let compressible =
            path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "js" | "wasm" | "css"));
        if !compressible {
            continue;
        }
        let data = std::fs::read(&path)?;
        let mut br = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut br, 64 * 1024, 11, 22);
            writer.write_all(&data)?;
        }
        std::fs::write(with_suffix(&path, "br"), br)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&data)?;
        std::fs::write(with_suffix(&path, "gz"), gz.finish()?)?;
        count += 1;
    }
    Ok(count)
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn twins_decompress_to_the_original() {
        let dir = std::env::temp_dir().join(format!("dvc_precompress_{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let original = "hydrate();".repeat(1000);
        std::fs::write(dir.join("dvc.abc.js"), &original).unwrap();
        std::fs::write(dir.join("notes.txt"), "skip me").unwrap();
        assert_eq!(precompress(&dir).unwrap(), 1);
        let br = std::fs::read(dir.join("dvc.abc.js.br")).unwrap();
        assert!(br.len() < original.len() / 10);
        let mut decoded = String::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_string(&mut decoded).unwrap();
        assert_eq!(decoded, original);
        let mut decoded = String::new();
        flate2::read::GzDecoder::new(&std::fs::read(dir.join("dvc.abc.js.gz")).unwrap()[..])
            .read_to_string(&mut decoded)
            .unwrap();
        assert_eq!(decoded, original);
        assert!(!dir.join("notes.txt.br").exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}
