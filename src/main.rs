//! The `qmark` binary: parse the command line, set up logging, run, map errors to exit codes.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = qmark::cli::Cli::parse();
    qmark::logging::init("warn,qmark=info");
    qmark::tls::install_provider();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("qmark: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(qmark::cli::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line: the error and its causes, outermost first.
            eprintln!("qmark: {}", format!("{e:#}").replace('\n', " "));
            std::process::ExitCode::FAILURE
        }
    }
}
