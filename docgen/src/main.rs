//! `cargo run -p typesock-docgen`: writes the generated docs; with `--check`, fails when one
//! is stale.

#[cfg(target_os = "linux")]
fn main() -> std::process::ExitCode {
    if std::env::args().any(|a| a == "--imports") {
        let src = std::path::Path::new(typesock_docgen::ROOT).join("src");
        let graph = typesock_docgen::imports::graph(&src);
        print!("{}", typesock_docgen::imports::render(&graph));
        let circles = typesock_docgen::imports::circles(&graph);
        println!("circles: {circles:?}");
        return if circles.is_empty() {
            std::process::ExitCode::SUCCESS
        } else {
            std::process::ExitCode::FAILURE
        };
    }
    let check = std::env::args().any(|a| a == "--check");
    match typesock_docgen::run(!check) {
        Ok(stale) if stale.is_empty() => std::process::ExitCode::SUCCESS,
        Ok(stale) if check => {
            eprintln!(
                "stale generated docs: {stale:?}; run `cargo run -p typesock-docgen` and read the diff"
            );
            std::process::ExitCode::FAILURE
        }
        Ok(written) => {
            eprintln!("wrote {written:?}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("the generator runs on Linux, where every kind of the rule table exists");
}
