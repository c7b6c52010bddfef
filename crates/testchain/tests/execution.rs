//! How transactions execute: the order of actions, notifications and
//! inline actions (nodeos' `apply_context::exec`), all-or-nothing
//! transactions, failures and their messages, traces, time.

mod contracts;

use antelope_sdk::{
    check, current_time_point, name, print, require_recipient, sha256, sys, Action, ActionData,
    Name, PermissionLevel, TimePoint,
};
use antelope_testchain::{assert_fails, TestChain};
use contracts::{active, registry, run_script, script};

const MARKS: u64 = name!("marks").raw();

/// Leaves a row `id` in the running contract's `marks` table.
fn mark(id: u64) {
    let me = antelope_sdk::current_receiver();
    sys::db_store_i64(0, MARKS, me.raw(), id, b"");
}

fn has_mark(chain: &mut TestChain, account: Name, id: u64) -> bool {
    chain.read(|| sys::db_find_i64(account.raw(), 0, MARKS, id) >= 0)
}

/// Sends `account::run(arg)` inline, authorized by the sender's active
/// permission.
fn send_run(account: Name, arg: u64) {
    let me = antelope_sdk::current_receiver();
    script::run { arg }.send(account, vec![PermissionLevel::active(me)]);
}

/// Script contracts `names`, each allowed to send inline actions with its
/// own active permission.
fn chain_with_scripts(names: &[Name]) -> TestChain {
    let mut chain = TestChain::new();
    for n in names {
        chain.deploy(*n, script::apply);
        chain.add_code(*n, name!("active"));
    }
    chain
}

#[test]
fn an_action_runs_then_its_notifications_in_order_then_inline_actions_depth_first() {
    let [a, b, c, d, e, f, g] = [
        name!("a"),
        name!("b"),
        name!("c"),
        name!("d"),
        name!("e"),
        name!("f"),
        name!("g"),
    ];
    let mut chain = chain_with_scripts(&[a, b, c, d, e, f, g]);
    script::set(b, move |ctx, _| {
        print("b;");
        require_recipient(f);
        assert_eq!(ctx.first_receiver, name!("a"));
        send_run(e, 0);
    });
    script::set(c, |_, _| print("c;"));
    script::set(f, |_, _| print("f;"));
    script::set(d, move |_, _| {
        print("d;");
        send_run(g, 0);
    });
    script::set(e, |_, _| print("e;"));
    script::set(g, |_, _| print("g;"));

    let trace = run_script(&mut chain, a, move |_, _| {
        print("a;");
        // The inline action is queued before the notifications but runs
        // after them.
        send_run(d, 0);
        require_recipient(b);
        require_recipient(c);
        // Duplicates and the first receiver itself are ignored.
        require_recipient(b);
        require_recipient(a);
    })
    .unwrap();

    assert_eq!(trace.console(), "a;b;c;f;d;g;e;");
    let order: Vec<(Name, u32, bool)> = trace
        .actions
        .iter()
        .map(|t| (t.receiver, t.depth, t.is_notification))
        .collect();
    assert_eq!(
        order,
        [
            (a, 0, false),
            (b, 0, true),
            (c, 0, true),
            (f, 0, true),
            (d, 1, false),
            (g, 2, false),
            (e, 1, false)
        ]
    );
    assert_eq!(trace.notified(), [b, c, f]);
    let inline: Vec<Name> = trace.inline_actions().map(|t| t.receiver).collect();
    assert_eq!(inline, [d, g, e]);
    // A notification carries the original action.
    let at_b = &trace.actions[1];
    assert_eq!((at_b.account, at_b.name), (a, name!("run")));
    assert_eq!(at_b.authorization, [active(a)]);
    assert_eq!(
        at_b.data_as::<script::run>().unwrap(),
        script::run { arg: 0 }
    );
}

#[test]
fn inline_actions_nest_at_most_four_deep() {
    let deep = name!("deep");
    let mut chain = chain_with_scripts(&[deep]);
    script::set(deep, move |_, arg| {
        if arg > 0 {
            send_run(deep, arg - 1);
        }
    });
    let trace = chain
        .push_action_as(deep, &script::run { arg: 4 }, deep)
        .unwrap();
    let depths: Vec<u32> = trace.actions.iter().map(|t| t.depth).collect();
    assert_eq!(depths, [0, 1, 2, 3, 4]);
    assert_fails(
        chain.push_action_as(deep, &script::run { arg: 5 }, deep),
        "max inline action depth per transaction reached",
    );
}

#[test]
fn a_failed_check_reverts_everything_the_transaction_wrote() {
    let a = name!("a");
    let mut chain = chain_with_scripts(&[a]);
    assert_fails(
        run_script(&mut chain, a, |_, _| {
            mark(1);
            check(false, "boom");
        }),
        "boom",
    );
    assert!(!has_mark(&mut chain, a, 1));
    assert_eq!(chain.ram_usage(a), 0);
}

#[test]
fn a_failed_inline_action_reverts_the_action_that_sent_it() {
    let [a, b] = [name!("a"), name!("b")];
    let mut chain = chain_with_scripts(&[a, b]);
    script::set(b, |_, _| {
        mark(2);
        check(false, "inline says no");
    });
    let result = run_script(&mut chain, a, move |_, _| {
        mark(1);
        send_run(b, 0);
    });
    assert_fails(result, "inline says no");
    assert!(!has_mark(&mut chain, a, 1));
    assert!(!has_mark(&mut chain, b, 2));
}

#[test]
fn a_panicking_notification_reverts_the_action_with_the_panic_message() {
    let [a, b] = [name!("a"), name!("b")];
    let mut chain = chain_with_scripts(&[a, b]);
    script::set(b, |_, _| {
        let x: u8 = std::hint::black_box(255);
        let _ = x + 1;
    });
    let result = run_script(&mut chain, a, move |_, _| {
        mark(1);
        require_recipient(b);
    });
    assert_fails(result, "attempt to add with overflow");
    assert!(!has_mark(&mut chain, a, 1));
}

#[test]
fn any_rust_panic_in_a_contract_fails_the_transaction_with_its_message() {
    let a = name!("a");
    let mut chain = chain_with_scripts(&[a]);
    assert_fails(
        run_script(&mut chain, a, |_, arg| panic!("custom {}", arg + 5)),
        "custom 5",
    );
    assert_fails(
        run_script(&mut chain, a, |_, _| {
            let none: Option<u8> = std::hint::black_box(None);
            none.unwrap();
        }),
        "called `Option::unwrap()` on a `None` value",
    );
}

#[test]
fn a_transaction_keeps_all_of_its_actions_or_none() {
    let [a, b] = [name!("a"), name!("b")];
    let mut chain = chain_with_scripts(&[a, b]);
    script::set(a, |_, arg| mark(arg));
    script::set(b, |_, arg| check(arg == 0, "b refuses"));
    let run =
        |account: Name, arg: u64| script::run { arg }.to_action(account, vec![active(account)]);

    assert_fails(
        chain.push_transaction(vec![run(a, 1), run(b, 1)]),
        "b refuses",
    );
    assert!(!has_mark(&mut chain, a, 1));

    let trace = chain
        .push_transaction(vec![run(a, 1), run(b, 0), run(a, 2)])
        .unwrap();
    assert_eq!(trace.actions.len(), 3);
    assert!(has_mark(&mut chain, a, 1));
    assert!(has_mark(&mut chain, a, 2));
}

#[test]
fn a_failed_transaction_leaves_the_previous_state_as_it_was() {
    let a = name!("a");
    let mut chain = chain_with_scripts(&[a]);
    run_script(&mut chain, a, |_, _| mark(1)).unwrap();
    let ram = chain.ram_usage(a);
    assert_fails(
        run_script(&mut chain, a, |_, _| {
            let it = sys::db_find_i64(name!("a").raw(), 0, MARKS, 1);
            sys::db_remove_i64(it);
            mark(2);
            check(false, "undo");
        }),
        "undo",
    );
    assert!(has_mark(&mut chain, a, 1));
    assert!(!has_mark(&mut chain, a, 2));
    assert_eq!(chain.ram_usage(a), ram);
}

#[test]
fn an_action_to_an_account_without_code_does_nothing() {
    let mut chain = TestChain::new();
    chain.create_accounts(&[name!("plain"), name!("alice")]);
    let action = Action {
        account: name!("plain"),
        name: name!("whatever"),
        authorization: vec![active(name!("alice"))],
        data: vec![1, 2, 3],
    };
    let trace = chain.push_raw(action).unwrap();
    assert_eq!(trace.actions.len(), 1);
    assert_eq!(trace.actions[0].receiver, name!("plain"));
    assert_eq!(trace.console(), "");
}

#[test]
fn an_action_to_a_missing_account_fails() {
    let mut chain = TestChain::new();
    chain.create_account(name!("alice"));
    assert_fails(
        chain.push_action_as(name!("nobody"), &script::run { arg: 0 }, name!("alice")),
        "action's code account 'nobody' does not exist",
    );
}

#[test]
fn notifying_an_account_without_code_runs_nothing_there() {
    let a = name!("a");
    let mut chain = chain_with_scripts(&[a]);
    chain.create_account(name!("plain"));
    let trace = run_script(&mut chain, a, |_, _| require_recipient(name!("plain"))).unwrap();
    assert_eq!(trace.notified(), [name!("plain")]);
}

#[test]
fn notifying_a_missing_account_fails() {
    let a = name!("a");
    let mut chain = chain_with_scripts(&[a]);
    assert_fails(
        run_script(&mut chain, a, |_, _| require_recipient(name!("nobody"))),
        "unknown key (eosio::chain::name): nobody",
    );
}

#[test]
fn an_unknown_action_fails_with_the_contract_dispatcher_message() {
    let mut chain = TestChain::new();
    chain.deploy(registry::CODE, registry::apply);
    let action = Action {
        account: registry::CODE,
        name: name!("nope"),
        authorization: vec![active(registry::CODE)],
        data: vec![],
    };
    assert_fails(chain.push_raw(action), "unknown action: nope");
}

#[test]
fn malformed_action_data_fails_with_the_sdk_message() {
    let mut chain = TestChain::new();
    chain.deploy(registry::CODE, registry::apply);
    let action = Action {
        account: registry::CODE,
        name: name!("open"),
        authorization: vec![active(registry::CODE)],
        data: vec![1, 2],
    };
    assert_fails(
        chain.push_raw(action),
        "datastream attempted to read past the end",
    );
}

#[test]
fn native_system_actions_are_refused_with_a_pointer_to_the_chain_method() {
    let mut chain = TestChain::new();
    chain.create_account(name!("alice"));
    let action = Action {
        account: name!("eosio"),
        name: name!("updateauth"),
        authorization: vec![active(name!("alice"))],
        data: vec![],
    };
    assert_fails(
        chain.push_raw(action),
        "the test chain does not model the native action eosio::updateauth; use TestChain::set_permission",
    );
}

#[test]
fn prints_go_to_the_console_of_the_receiver_trace() {
    let [a, b] = [name!("a"), name!("b")];
    let mut chain = chain_with_scripts(&[a, b]);
    script::set(b, |ctx, _| {
        print("notified ");
        print(&ctx.receiver.to_string());
    });
    let trace = run_script(&mut chain, a, move |_, _| {
        print("hello ");
        print("world");
        require_recipient(b);
    })
    .unwrap();
    assert_eq!(trace.actions[0].console, "hello world");
    assert_eq!(trace.actions[1].console, "notified b");
    assert_eq!(trace.console(), "hello worldnotified b");
}

#[test]
fn block_time_starts_at_2026_and_moves_only_when_told() {
    let a = name!("a");
    let mut chain = chain_with_scripts(&[a]);
    assert_eq!(chain.now().to_string(), "2026-01-01T00:00:00.000");
    script::set(a, |_, _| print(&current_time_point().to_string()));
    let seen = |chain: &mut TestChain| {
        chain
            .push_action_as(a, &script::run { arg: 0 }, a)
            .unwrap()
            .console()
    };
    assert_eq!(seen(&mut chain), "2026-01-01T00:00:00.000");
    assert_eq!(seen(&mut chain), "2026-01-01T00:00:00.000");
    chain.produce_block();
    assert_eq!(seen(&mut chain), "2026-01-01T00:00:00.500");
    chain.advance_time(3600);
    assert_eq!(seen(&mut chain), "2026-01-01T01:00:00.500");
    chain.set_time(TimePoint(1_800_000_000_000_000));
    assert_eq!(chain.now().to_string(), "2027-01-15T08:00:00.000");
    assert_eq!(seen(&mut chain), "2027-01-15T08:00:00.000");
}

#[test]
fn sha256_is_computed_by_the_chain() {
    let a = name!("a");
    let mut chain = chain_with_scripts(&[a]);
    let trace = run_script(&mut chain, a, |_, _| print(&sha256(b"abc").to_string())).unwrap();
    assert_eq!(
        trace.console(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn accounts_exist_once_created_or_deployed() {
    let mut chain = TestChain::new();
    assert!(chain.account_exists(name!("eosio")));
    assert!(!chain.account_exists(name!("alice")));
    chain.create_account(name!("alice"));
    chain.deploy(name!("token"), registry::apply);
    assert!(chain.account_exists(name!("alice")));
    assert!(chain.account_exists(name!("token")));
    let a = name!("a");
    chain.deploy(a, script::apply);
    run_script(&mut chain, a, |_, _| {
        assert!(antelope_sdk::is_account(name!("alice")));
        assert!(!antelope_sdk::is_account(name!("nobody")));
    })
    .unwrap();
}

#[test]
#[should_panic(expected = "create_account: account alice already exists")]
fn creating_an_existing_account_is_a_test_bug() {
    let mut chain = TestChain::new();
    chain.create_account(name!("alice"));
    chain.create_account(name!("alice"));
}
