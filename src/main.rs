fn main() {
    let code = git_backlog::run(std::env::args_os());
    std::process::exit(code);
}
