//! `elenchus completions SHELL` and `elenchus man`: generated from the
//! command-line definitions, they name every command; bash accepts the bash
//! script, and `man` reads the page.

use crate::common;

use clap::CommandFactory;
use common::run;
use elenchus::cli::Cli;
use elenchus::cli::shell::{Shell, completions, man_page};

/// Every subcommand's name, and those of `import`, `export` and `af`.
fn commands() -> Vec<String> {
    let cli = Cli::command();
    let mut names: Vec<String> = Vec::new();
    for c in cli.get_subcommands() {
        names.push(c.get_name().to_string());
        names.extend(c.get_subcommands().map(|s| s.get_name().to_string()));
    }
    // The definitions are what the tests read; a few names, written out, keep them honest.
    for known in ["check", "render", "export", "graphml", "init", "completions", "man", "iccma", "votes"] {
        assert!(names.iter().any(|n| n == known), "{known} in {names:?}");
    }
    names
}

#[test]
fn each_shell_script_names_every_command() {
    let names = commands();
    for (shell, name) in
        [(Shell::Bash, "bash"), (Shell::Zsh, "zsh"), (Shell::Fish, "fish"), (Shell::Powershell, "powershell")]
    {
        let lib = String::from_utf8(completions(shell)).unwrap();
        for n in &names {
            assert!(lib.contains(n.as_str()), "{name}: {n} missing");
        }
        let r = run(&["completions", name], "");
        assert_eq!((r.code, r.stdout.as_str()), (0, lib.as_str()), "{name}: {}", r.stderr);
    }
    let r = run(&["completions", "tcsh"], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("possible values: bash, zsh, fish, powershell"), "{}", r.stderr);
}

#[test]
fn bash_accepts_the_bash_script_and_completes_a_command() {
    let dir = common::scratch("shell", "bash");
    let script = dir.join("elenchus.bash");
    std::fs::write(&script, completions(Shell::Bash)).unwrap();
    let Ok(out) = std::process::Command::new("bash").arg("-n").arg(&script).output() else {
        eprintln!("bash is not installed: skipped");
        return;
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Load it and ask for the completions of `elenchus exp`.
    let probe = format!(
        "source {}; COMP_WORDS=(elenchus exp); COMP_CWORD=1; COMP_LINE='elenchus exp'; COMP_POINT=12; \
         _elenchus elenchus exp elenchus; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = std::process::Command::new("bash").arg("-c").arg(&probe).output().unwrap();
    let words = String::from_utf8_lossy(&out.stdout);
    assert!(words.lines().any(|w| w == "export"), "{words}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(words.lines().any(|w| w == "explain"), "{words}");
    assert!(!words.lines().any(|w| w == "check"), "{words}");
}

#[test]
fn the_man_page_is_roff_and_names_every_command() {
    let page = String::from_utf8(man_page()).unwrap();
    assert!(page.contains(".TH elenchus 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS", ".SH VERSION"] {
        assert!(page.contains(section), "{section}");
    }
    let top: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect();
    for n in &top {
        // clap_mangen writes each command as `elenchus-NAME(1)` in SUBCOMMANDS.
        assert!(page.contains(&format!("elenchus\\-{}", n.replace('-', "\\-"))), "{n}");
    }
    let r = run(&["man"], "");
    assert_eq!((r.code, r.stdout.as_str()), (0, page.as_str()), "{}", r.stderr);
    // man(1) formats it, when installed.
    let dir = common::scratch("shell", "man");
    let file = dir.join("elenchus.1");
    std::fs::write(&file, &page).unwrap();
    match std::process::Command::new("man").arg("-l").arg(&file).env("MANPAGER", "cat").env("MANWIDTH", "80").output() {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("SUBCOMMANDS"), "{text}");
            assert!(text.contains("elenchus-check"), "{text}");
            assert!(
                !String::from_utf8_lossy(&out.stderr).contains("warning"),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(out) => panic!("man -l failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => eprintln!("man is not installed: checked the roff structure only"),
    }
}
