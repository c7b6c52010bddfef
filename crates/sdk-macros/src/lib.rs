//! Procedural macros of `antelope-sdk`. Each expands to plain trait impls
//! of the SDK; read the SDK's docs for the semantics.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::{
    parse_macro_input, spanned::Spanned, Data, DeriveInput, Expr, Fields, FnArg, Ident, ItemFn,
    LitStr, Pat, Type,
};

fn sdk() -> TokenStream2 {
    quote!(::antelope_sdk)
}

/// `CurrencyStats` -> `currency_stats`, the CDT's naming of structs.
fn snake_case(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads `#[abi(name = "...")]`.
fn abi_name_attr(attrs: &[syn::Attribute]) -> syn::Result<Option<String>> {
    let mut name = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("abi")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                name = Some(meta.value()?.parse::<LitStr>()?.value());
                Ok(())
            } else {
                Err(meta.error("expected `name = \"...\"`"))
            }
        })?;
    }
    Ok(name)
}

/// `#[derive(Pack)]`: the Antelope binary encoding of a struct or enum,
/// and (on the host) its ABI description.
///
/// - Structs: fields in declaration order; ABI struct named in snake_case
///   (override with `#[abi(name = "...")]`).
/// - Enums whose variants each hold one value: an ABI variant (varuint32
///   index, then the value).
/// - Enums without fields: one `uint8` (the variant's index).
#[proc_macro_derive(Pack, attributes(abi))]
pub fn derive_pack(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match pack_impl(&input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn pack_impl(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let sdk = sdk();
    let ident = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let abi_name = abi_name_attr(&input.attrs)?.unwrap_or_else(|| snake_case(&ident.to_string()));

    let (pack_body, unpack_body, abi_name_body, abi_define_body) = match &input.data {
        Data::Struct(s) => {
            let (pack, unpack, fields) = struct_parts(&s.fields, quote!(Self));
            let abi_define = quote! {
                let fields = #sdk::__alloc::vec![#(#fields),*];
                let s = #sdk::abi::AbiStruct {
                    name: #sdk::__alloc::string::String::from(#abi_name),
                    base: #sdk::__alloc::string::String::new(),
                    fields,
                };
                abi.add_struct(s);
            };
            (
                pack,
                unpack,
                quote!(#sdk::__alloc::string::String::from(#abi_name)),
                abi_define,
            )
        }
        Data::Enum(e) => {
            let fieldless = e.variants.iter().all(|v| matches!(v.fields, Fields::Unit));
            if fieldless {
                let count = e.variants.len();
                if count > 256 {
                    return Err(syn::Error::new(ident.span(), "at most 256 variants"));
                }
                let idents: Vec<_> = e.variants.iter().map(|v| &v.ident).collect();
                // The value written is the discriminant, as the CDT writes
                // a C++ enum's value: explicit `= n` or previous + 1.
                let mut idx: Vec<u8> = Vec::with_capacity(count);
                let mut next: u16 = 0;
                for v in &e.variants {
                    if let Some((_, expr)) = &v.discriminant {
                        let lit: syn::LitInt = syn::parse2(quote!(#expr)).map_err(|_| {
                            syn::Error::new(expr.span(), "discriminants must be integer literals")
                        })?;
                        next = lit.base10_parse::<u16>()?;
                    }
                    if next > 255 {
                        return Err(syn::Error::new(v.span(), "discriminants must fit in a u8"));
                    }
                    idx.push(next as u8);
                    next += 1;
                }
                let pack = quote! {
                    let i: u8 = match self { #(Self::#idents => #idx,)* };
                    out.push(i);
                };
                let unpack = quote! {
                    match <u8 as #sdk::Pack>::unpack(input)? {
                        #(#idx => Ok(Self::#idents),)*
                        _ => Err(#sdk::UnpackError::BadVariant),
                    }
                };
                (
                    pack,
                    unpack,
                    quote!(#sdk::__alloc::string::String::from("uint8")),
                    quote!(),
                )
            } else {
                let mut packs = Vec::new();
                let mut unpacks = Vec::new();
                let mut types = Vec::new();
                for (i, v) in e.variants.iter().enumerate() {
                    let vi = &v.ident;
                    let ty = match &v.fields {
                        Fields::Unnamed(f) if f.unnamed.len() == 1 => &f.unnamed[0].ty,
                        _ => {
                            return Err(syn::Error::new(
                                v.span(),
                                "ABI variants need exactly one unnamed field per variant",
                            ))
                        }
                    };
                    let i = i as u32;
                    packs.push(quote! {
                        Self::#vi(v) => {
                            #sdk::Pack::pack(&#sdk::VarUint32(#i), out);
                            #sdk::Pack::pack(v, out);
                        }
                    });
                    unpacks
                        .push(quote! { #i => Ok(Self::#vi(<#ty as #sdk::Pack>::unpack(input)?)), });
                    types.push(quote! { abi.add_type::<#ty>() });
                }
                let pack = quote! { match self { #(#packs)* } };
                let unpack = quote! {
                    match <#sdk::VarUint32 as #sdk::Pack>::unpack(input)?.0 {
                        #(#unpacks)*
                        _ => Err(#sdk::UnpackError::BadVariant),
                    }
                };
                let define = quote! {
                    let types = #sdk::__alloc::vec![#(#types),*];
                    abi.add_variant(#sdk::abi::AbiVariant {
                        name: #sdk::__alloc::string::String::from(#abi_name),
                        types,
                    });
                };
                (
                    pack,
                    unpack,
                    quote!(#sdk::__alloc::string::String::from(#abi_name)),
                    define,
                )
            }
        }
        Data::Union(u) => {
            return Err(syn::Error::new(
                u.union_token.span,
                "unions have no Antelope encoding",
            ))
        }
    };

    Ok(quote! {
        impl #impl_g #sdk::Pack for #ident #ty_g #where_g {
            #[inline]
            fn pack(&self, out: &mut #sdk::__alloc::vec::Vec<u8>) {
                #pack_body
            }
            #[inline]
            fn unpack(input: &mut &[u8]) -> ::core::result::Result<Self, #sdk::UnpackError> {
                #unpack_body
            }
        }

        #[cfg(not(target_arch = "wasm32"))]
        impl #impl_g #sdk::abi::AbiType for #ident #ty_g #where_g {
            fn abi_name() -> #sdk::__alloc::string::String {
                #abi_name_body
            }
            fn abi_define(abi: &mut #sdk::abi::AbiBuilder) {
                #abi_define_body
            }
        }
    })
}

/// Pack and unpack bodies and ABI fields of a struct's fields.
fn struct_parts(
    fields: &Fields,
    ctor: TokenStream2,
) -> (TokenStream2, TokenStream2, Vec<TokenStream2>) {
    let sdk = sdk();
    match fields {
        Fields::Named(named) => {
            let names: Vec<_> = named
                .named
                .iter()
                .map(|f| f.ident.clone().unwrap())
                .collect();
            let types: Vec<_> = named.named.iter().map(|f| &f.ty).collect();
            let pack = quote! { #( #sdk::Pack::pack(&self.#names, out); )* };
            let unpack = quote! {
                Ok(#ctor { #( #names: <#types as #sdk::Pack>::unpack(input)?, )* })
            };
            let abi = names
                .iter()
                .zip(&types)
                .map(|(n, t)| {
                    let n = n.to_string();
                    let n = n.strip_prefix("r#").unwrap_or(&n).to_string();
                    quote! {
                        #sdk::abi::AbiField {
                            name: #sdk::__alloc::string::String::from(#n),
                            type_: abi.add_type::<#t>(),
                        }
                    }
                })
                .collect();
            (pack, unpack, abi)
        }
        Fields::Unnamed(unnamed) => {
            let idx: Vec<_> = (0..unnamed.unnamed.len()).map(syn::Index::from).collect();
            let types: Vec<_> = unnamed.unnamed.iter().map(|f| &f.ty).collect();
            let pack = quote! { #( #sdk::Pack::pack(&self.#idx, out); )* };
            let unpack = quote! { Ok(#ctor( #( <#types as #sdk::Pack>::unpack(input)?, )* )) };
            let abi = idx
                .iter()
                .zip(&types)
                .map(|(i, t)| {
                    let n = format!("field_{}", i.index);
                    quote! {
                        #sdk::abi::AbiField {
                            name: #sdk::__alloc::string::String::from(#n),
                            type_: abi.add_type::<#t>(),
                        }
                    }
                })
                .collect();
            (pack, unpack, abi)
        }
        Fields::Unit => (quote!(), quote!(Ok(#ctor)), Vec::new()),
    }
}

struct IndexAttr {
    name: String,
    kind: Ident,
    key: Expr,
}

/// `#[derive(Table)]`: a table row type.
///
/// ```ignore
/// #[derive(Pack, Table)]
/// #[table(name = "members", primary = self.account.raw())]
/// #[index(name = "byvotes", kind = idx128, key = self.votes as u128)]
/// pub struct Member { .. }
///
/// #[derive(Pack, Table)]
/// #[table(name = "config", singleton)]
/// pub struct Config { .. }
/// ```
/// Index kinds: `idx64` (`u64` key), `idx128` (`u128`), `idx256`
/// (`[u128; 2]`), `double` (`f64`). At most 16 indexes.
#[proc_macro_derive(Table, attributes(table, index))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match table_impl(&input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn table_impl(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let sdk = sdk();
    let ident = &input.ident;
    let mut name: Option<LitStr> = None;
    let mut primary: Option<Expr> = None;
    let mut singleton = false;
    let mut indexes = Vec::new();
    for attr in &input.attrs {
        if attr.path().is_ident("table") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("name") {
                    name = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("primary") {
                    primary = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("singleton") {
                    singleton = true;
                } else {
                    return Err(meta.error("expected `name`, `primary` or `singleton`"));
                }
                Ok(())
            })?;
        } else if attr.path().is_ident("index") {
            let mut iname = None;
            let mut kind = None;
            let mut key = None;
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("name") {
                    iname = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("kind") {
                    kind = Some(meta.value()?.parse::<Ident>()?);
                } else if meta.path.is_ident("key") {
                    key = Some(meta.value()?.parse::<Expr>()?);
                } else {
                    return Err(meta.error("expected `name`, `kind` or `key`"));
                }
                Ok(())
            })?;
            let err = || syn::Error::new(attr.span(), "#[index] needs name, kind and key");
            indexes.push(IndexAttr {
                name: iname.ok_or_else(err)?,
                kind: kind.ok_or_else(err)?,
                key: key.ok_or_else(err)?,
            });
        }
    }
    let name = name.ok_or_else(|| {
        syn::Error::new(Span::call_site(), "#[table(name = \"...\")] is required")
    })?;
    let primary = match (primary, singleton) {
        (Some(p), false) => quote!(#p),
        (None, true) => quote!(<Self as #sdk::Table>::NAME.raw()),
        _ => {
            return Err(syn::Error::new(
                name.span(),
                "a table needs exactly one of `primary = <expr>` or `singleton`",
            ))
        }
    };
    if indexes.len() > 16 {
        return Err(syn::Error::new(name.span(), "at most 16 secondary indexes"));
    }
    let mut defs = Vec::new();
    let mut arms = Vec::new();
    for (i, idx) in indexes.iter().enumerate() {
        let (kind, wrap) = match idx.kind.to_string().as_str() {
            "idx64" => (quote!(Idx64), quote!(U64)),
            "idx128" => (quote!(Idx128), quote!(U128)),
            "idx256" => (quote!(Idx256), quote!(U256)),
            "double" => (quote!(IdxDouble), quote!(F64)),
            _ => {
                return Err(syn::Error::new(
                    idx.kind.span(),
                    "kind is idx64, idx128, idx256 or double",
                ))
            }
        };
        let iname = &idx.name;
        let key = &idx.key;
        defs.push(quote! {
            #sdk::SecondaryIndex { name: #sdk::name!(#iname), kind: #sdk::IndexKind::#kind }
        });
        arms.push(quote! { #i => #sdk::SecondaryValue::#wrap(#key), });
    }
    let secondary = if arms.is_empty() {
        quote!()
    } else {
        quote! {
            fn secondary_key(&self, position: usize) -> #sdk::SecondaryValue {
                match position {
                    #(#arms)*
                    _ => #sdk::check_failed("table has no secondary index at this position"),
                }
            }
        }
    };
    Ok(quote! {
        impl #sdk::Table for #ident {
            const NAME: #sdk::Name = #sdk::name!(#name);
            const INDEXES: &'static [#sdk::SecondaryIndex] = &[#(#defs),*];
            #[inline]
            fn primary_key(&self) -> u64 {
                #primary
            }
            #secondary
        }
    })
}

/// Parameters of a handler after the leading `&Context`.
fn handler_params(f: &ItemFn) -> syn::Result<Vec<(Ident, Type)>> {
    let mut params = Vec::new();
    let mut inputs = f.sig.inputs.iter();
    match inputs.next() {
        Some(FnArg::Typed(_)) => {}
        _ => {
            return Err(syn::Error::new(
                f.sig.span(),
                "a handler's first parameter is the `&Context`",
            ))
        }
    }
    for arg in inputs {
        match arg {
            FnArg::Typed(pt) => match &*pt.pat {
                Pat::Ident(pi) => params.push((pi.ident.clone(), (*pt.ty).clone())),
                _ => return Err(syn::Error::new(pt.span(), "parameters must be plain names")),
            },
            FnArg::Receiver(r) => {
                return Err(syn::Error::new(r.span(), "handlers are free functions"))
            }
        }
    }
    Ok(params)
}

fn handler_name(attr: TokenStream, default: &Ident) -> syn::Result<String> {
    let mut name = default.to_string();
    if !attr.is_empty() {
        let parser = syn::meta::parser(|meta| {
            if meta.path.is_ident("name") {
                name = meta.value()?.parse::<LitStr>()?.value();
                Ok(())
            } else {
                Err(meta.error("expected `name = \"...\"`"))
            }
        });
        syn::parse::Parser::parse(parser, attr)?;
    }
    Ok(name)
}

/// `#[action]` on `fn transfer(ctx: &Context, from: Name, ...)`: makes the
/// function an action. Generates, beside the function, the action's data
/// struct of the same name (`transfer { from, .. }`, the ABI struct and
/// what other contracts use to send it inline) and its dispatcher. The
/// action name is the function's; `#[action(name = "...")]` overrides it.
#[proc_macro_attribute]
pub fn action(attr: TokenStream, item: TokenStream) -> TokenStream {
    let f = parse_macro_input!(item as ItemFn);
    match action_impl(attr, &f) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn action_impl(attr: TokenStream, f: &ItemFn) -> syn::Result<TokenStream2> {
    let sdk = sdk();
    let fn_ident = &f.sig.ident;
    let action_name = handler_name(attr, fn_ident)?;
    syn::parse_str::<Ident>(&action_name).ok();
    let params = handler_params(f)?;
    let vis = &f.vis;
    let names: Vec<_> = params.iter().map(|(n, _)| n).collect();
    let types: Vec<_> = params.iter().map(|(_, t)| t).collect();
    let docs: Vec<_> = f
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    let struct_doc = format!("The data of the `{action_name}` action.");
    Ok(quote! {
        #f

        #[doc = #struct_doc]
        #[doc = ""]
        #(#docs)*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Debug, PartialEq, #sdk::Pack)]
        #[abi(name = #action_name)]
        #vis struct #fn_ident {
            #( pub #names: #types, )*
        }

        impl #sdk::ActionData for #fn_ident {
            const NAME: #sdk::Name = #sdk::name!(#action_name);
        }

        impl #sdk::ActionHandler for #fn_ident {
            fn dispatch(ctx: &#sdk::Context) {
                let data: #fn_ident = #sdk::read_action();
                #fn_ident(ctx, #( data.#names ),*)
            }
        }
    })
}

/// `#[notify("pool.token::transfer")]` (or `"*::transfer"` for any
/// contract) on `fn on_transfer(ctx: &Context, from: Name, ...)`: handles
/// notifications of another contract's action. The handler must check
/// `ctx.first_receiver` when it listens to `*`.
#[proc_macro_attribute]
pub fn notify(attr: TokenStream, item: TokenStream) -> TokenStream {
    let f = parse_macro_input!(item as ItemFn);
    let spec = parse_macro_input!(attr as LitStr);
    match notify_impl(&spec, &f) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn notify_impl(spec: &LitStr, f: &ItemFn) -> syn::Result<TokenStream2> {
    let sdk = sdk();
    let value = spec.value();
    let (code, action) = value.split_once("::").ok_or_else(|| {
        syn::Error::new(
            spec.span(),
            "expected \"contract::action\" or \"*::action\"",
        )
    })?;
    let code = if code == "*" {
        quote!(None)
    } else {
        quote!(Some(#sdk::name!(#code)))
    };
    let fn_ident = &f.sig.ident;
    let vis = &f.vis;
    let params = handler_params(f)?;
    let names: Vec<_> = params.iter().map(|(n, _)| n).collect();
    let types: Vec<_> = params.iter().map(|(_, t)| t).collect();
    let data_ident = format_ident!("{}", fn_ident);
    Ok(quote! {
        #f

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #[derive(Clone, Debug, PartialEq, #sdk::Pack)]
        #vis struct #data_ident {
            #( pub #names: #types, )*
        }

        impl #sdk::NotificationHandler for #data_ident {
            const CODE: Option<#sdk::Name> = #code;
            const ACTION: #sdk::Name = #sdk::name!(#action);
            fn dispatch(ctx: &#sdk::Context) {
                let data: #data_ident = #sdk::read_action();
                #fn_ident(ctx, #( data.#names ),*)
            }
        }
    })
}
