//! A test-only stand-in for the fees contract's `charge`, for benches
//! that do not deploy the real fees contract: requires the caller's
//! authorization, records the call in its `charges` table and refuses
//! payer `broke` ("insufficient fee deposit"). `list` writes the
//! `callers` and `endpoints` rows the contracts' fee hook reads
//! (`pool_shared::fees`) to decide whether there is a fee at all.
//!
//! Deploy it at the fees account with `chain.deploy(FEES, fees::apply)`.

use antelope_sdk::{action, check, name, require_auth, Context, MultiIndex, Name, Pack, Table};

/// One `charge` the stand-in received.
#[derive(Clone, Debug, PartialEq, Pack, Table)]
#[table(name = "charges", primary = self.id)]
pub struct Charge {
    pub id: u64,
    pub caller: Name,
    pub payer: Name,
    pub endpoint: Name,
}

/// The `charges` table of the stand-in at `code`.
pub fn charges(code: Name) -> MultiIndex<Charge> {
    MultiIndex::new(code, code.raw())
}

#[action]
pub fn charge(ctx: &Context, caller: Name, payer: Name, endpoint: Name) {
    require_auth(caller);
    check(payer != name!("broke"), "insufficient fee deposit");
    let table = charges(ctx.receiver);
    let id = table.iter().count() as u64;
    table.emplace(
        ctx.receiver,
        Charge {
            id,
            caller,
            payer,
            endpoint,
        },
    );
}

/// Lists `caller` among the callers and `endpoint` among the endpoints
/// (fee 0), each only if it is not there yet, so that benches may list
/// several endpoints of one caller.
#[action]
pub fn list(ctx: &Context, caller: Name, endpoint: Name) {
    use pool_shared::fees::{callers, endpoints, Caller, Endpoint};
    let table = callers(ctx.receiver);
    if !table.contains(caller.raw()) {
        table.emplace(ctx.receiver, Caller { contract: caller });
    }
    let table = endpoints(ctx.receiver);
    if !table.contains(endpoint.raw()) {
        table.emplace(
            ctx.receiver,
            Endpoint {
                endpoint,
                annual: false,
                fee: antelope_sdk::Asset::default(),
                pending: false,
                votes_counted: 0,
                computed_at: Default::default(),
            },
        );
    }
}

/// Pushes `list` to the stand-in at `fees`, signed by it.
pub fn list_fee(
    chain: &mut antelope_testchain::TestChain,
    fees: Name,
    caller: Name,
    endpoint: Name,
) {
    chain
        .push_action_as(fees, &list { caller, endpoint }, fees)
        .expect("the fees stand-in lists a caller and an endpoint");
}

antelope_sdk::contract! {
    actions: [charge, list],
    notifications: [],
    tables: [Charge],
    ricardian: "",
}
