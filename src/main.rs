//! The `qmark` binary: parse the command line, set up logging, run, map errors to exit codes.

use clap::Parser;

fn main() -> std::process::ExitCode {
    few_heap_arenas();
    std::panic::set_hook(Box::new(one_line_panic));
    let cli = match qmark::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
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
            eprintln!("qmark: {}", one_line(&e));
            std::process::ExitCode::FAILURE
        }
    }
}

/// `--help` and `--version` print as clap writes them; a usage mistake is one line, like every
/// other error, with where to look next (clap's own is several lines with a usage block).
fn usage_error(e: &clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            std::process::ExitCode::from(2)
        } else {
            std::process::ExitCode::SUCCESS
        };
    }
    // What clap says before its usage block (the error, the missing arguments, the possible
    // values, a tip), joined on one line.
    let rendered = e.render().to_string();
    let said: Vec<&str> = rendered
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let joined = said.join(" ");
    let first = joined.strip_prefix("error: ").unwrap_or(&joined);
    eprintln!("qmark: {first} (see `qmark --help`)");
    std::process::ExitCode::from(2)
}

/// The error and its causes on one line, outermost first. A cause that its parent's message
/// already quotes (`cannot read config file x: No such file` over the io error itself) is said
/// once.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string().replace('\n', " ");
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Every panic is a bug, said in one line like every other error (no backtrace block). Output
/// cut short by its reader (`qmark cases list | head`) is not a bug: qmark stops quietly with
/// the status a shell gives a process killed by SIGPIPE, as Unix tools do; output that cannot
/// be written (`> /dev/full`) is one line naming why.
fn one_line_panic(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string());
    if let Some(why) = what.strip_prefix("failed printing to stdout: ") {
        if why.contains("Broken pipe") {
            std::process::exit(141);
        }
        // A full disk or a closed terminal: the operator's problem to fix, not a bug.
        eprintln!("qmark: cannot write the output: {why}");
        std::process::exit(1);
    }
    let at = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    eprintln!(
        "qmark: internal error{at}: {}; please report it with the command you ran",
        what.replace(['\n', '\r'], " ")
    );
}

/// At most two glibc heap arenas, before any thread starts, unless the operator set
/// `MALLOC_ARENA_MAX` (glibc reads it itself). glibc's default, up to eight per core, gives
/// every thread that allocates (the preparing threads, SQLite's workers, the runtime's) a heap
/// of its own that keeps what it once used: a 10,000-complaint backlog peaked at 65.0 MB with
/// it and at 49.6 MB with two, at no cost in speed (docs/benchmarks.md).
fn few_heap_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; called before any other thread
        // exists, so no allocation races with it.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}
