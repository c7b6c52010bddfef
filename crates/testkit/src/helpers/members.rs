//! pool.member as the benches of the other contracts configure it: the
//! real members contract, run by itself before any hand-over, staking
//! `4,POOL` of `pool.token`, reading the constitution at `pool.charter`,
//! approving registrations at once, charging no fee. Every bench that
//! registers producers needs it; each spelled it out.

use antelope_sdk::{name, Name};
use antelope_testchain::{ChainError, TestChain, Trace};

/// Where the benches deploy the members contract.
pub const MEMBER: Name = name!("pool.member");

/// The configuration, with `refund_delay_sec` as the bench wants it
/// (set `fees` or `auto_approve` on the result for another).
pub fn config(refund_delay_sec: u32) -> pool_members::actions::setconfig {
    pool_members::actions::setconfig {
        governance: Name::EMPTY,
        token_contract: super::token::TOKEN,
        stake_symbol: crate::fixtures::SYM,
        charter: name!("pool.charter"),
        fees: Name::EMPTY,
        auto_approve: true,
        refund_delay_sec,
    }
}

/// `setconfig` of [`config`] signed by pool.member itself.
pub fn configure(chain: &mut TestChain, refund_delay_sec: u32) -> Result<Trace, ChainError> {
    chain.push_action_as(MEMBER, &config(refund_delay_sec), MEMBER)
}
