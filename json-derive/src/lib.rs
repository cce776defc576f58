//! `#[derive(FromJson, ToJson)]`: assent's own JSON reader and writer for a type (see
//! `assent::json`), made from the `#[serde(...)]` attributes the type already carries for serde's
//! derive, the JSON Schema and the TypeScript declarations. A member's JSON name, whether it may
//! be absent and whether it is left out when empty are written once, in those attributes.
//!
//! Structs with named fields and enums of unit variants, as serde writes them (a struct as an
//! object, a variant as a string), `#[serde(transparent)]` structs of one field, and (read only)
//! types serde reads `#[serde(try_from = "...")]` another type. Type parameters are bounded by the
//! trait, as serde's derive bounds them. A serde attribute this derive does not read is a compile
//! error, so the two can never disagree in silence.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{parse_quote, Data, DeriveInput, Error, Fields, Generics, Ident, LitStr, Path, Token, Type, TypeParamBound};

/// Implements `FromJson` and `Unread`: a struct is read by its member list over
/// `Reader::fields`, an enum of unit variants from its names (its first variant stands for it
/// before it is read). A `try_from` type implements `FromJson` only: it has no value of its own
/// to stand for it before it is read.
#[proc_macro_derive(FromJson, attributes(serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    expand(input, |shape| match shape {
        Shape::Struct(s) => Ok(read_struct(s)),
        Shape::Enum(e) => Ok(read_enum(e)),
        Shape::Transparent(t) => Ok(read_transparent(t)),
        Shape::TryFrom(t) => Ok(read_try_from(t)),
    })
}

/// Implements `ToJson`: a struct as an object of its members in declaration order, an enum of
/// unit variants as its name, with `json_name()` for that name.
#[proc_macro_derive(ToJson, attributes(serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    expand(input, |shape| match shape {
        Shape::Struct(s) => Ok(write_struct(s)),
        Shape::Enum(e) => Ok(write_enum(e)),
        Shape::Transparent(t) => Ok(write_transparent(t)),
        Shape::TryFrom(t) => Err(Error::new(
            t.ty.span(),
            "ToJson does not write a `try_from` type (serde writes it with `into`, which it does not read)",
        )),
    })
}

fn expand(input: TokenStream, derive: impl Fn(&Shape) -> syn::Result<Tokens>) -> TokenStream {
    let result = syn::parse::<DeriveInput>(input)
        .and_then(|input| Shape::of(&input))
        .and_then(|shape| derive(&shape));
    result.unwrap_or_else(Error::into_compile_error).into()
}

/// A type as serde's attributes describe it.
enum Shape {
    Struct(Struct),
    Enum(Enum),
    /// `#[serde(transparent)]`: a struct of one field, read and written as that field.
    Transparent(Transparent),
    /// `#[serde(try_from = "Type")]`: read as that type, then converted.
    TryFrom(TryFrom),
}

struct Transparent {
    ty: Ident,
    generics: Generics,
    /// The field, by name or position.
    member: syn::Member,
}

struct TryFrom {
    ty: Ident,
    generics: Generics,
    /// The type it is read as.
    from: Type,
}

struct Struct {
    ty: Ident,
    generics: Generics,
    /// The name in errors (`struct Policy`), as serde's derive names it.
    expected: String,
    fields: Vec<Field>,
    deny_unknown_fields: bool,
}

struct Field {
    ident: Ident,
    json: String,
    /// Read as absent when missing: `#[serde(default)]`, `#[serde(default = "path")]`, or an
    /// `Option` (which serde reads as `None` when missing).
    absent: Absent,
    /// `#[serde(skip_serializing_if = "path")]`.
    skip_if: Option<Path>,
}

enum Absent {
    Required,
    Default,
    DefaultWith(Path),
    None,
}

struct Enum {
    ty: Ident,
    generics: Generics,
    expected: String,
    variants: Vec<(Ident, String)>,
}

/// The container attributes: `rename`, `rename_all`, `deny_unknown_fields`, `transparent` and
/// `try_from`.
struct Container {
    rename: Option<String>,
    rename_all: Option<Case>,
    deny_unknown_fields: bool,
    transparent: bool,
    try_from: Option<Type>,
}

impl Shape {
    fn of(input: &DeriveInput) -> syn::Result<Shape> {
        let generics = input.generics.clone();
        if generics.lifetimes().next().is_some() || generics.const_params().next().is_some() {
            return Err(Error::new(
                generics.span(),
                "FromJson and ToJson take type parameters only (no lifetimes or constants)",
            ));
        }
        let c = container(input)?;
        let ty = input.ident.clone();
        let name = c.rename.clone().unwrap_or_else(|| ty.unraw().to_string());
        if let Some(from) = c.try_from {
            // serde reads the other type and converts it, whatever the type's own shape.
            return Ok(Shape::TryFrom(TryFrom { ty, generics, from }));
        }
        match &input.data {
            Data::Struct(data) if c.transparent => {
                let mut fields = data.fields.members();
                match (fields.next(), fields.next()) {
                    (Some(member), None) => Ok(Shape::Transparent(Transparent { ty, generics, member })),
                    _ => Err(Error::new(
                        input.span(),
                        "`#[serde(transparent)]` takes a struct of one field",
                    )),
                }
            }
            Data::Struct(data) => {
                let Fields::Named(named) = &data.fields else {
                    return Err(Error::new(
                        input.span(),
                        "FromJson and ToJson take structs with named fields",
                    ));
                };
                let mut fields = Vec::new();
                for f in &named.named {
                    fields.push(field(f, c.rename_all)?);
                }
                if fields.len() > 64 {
                    // `Reader::fields` tracks the members seen in one 64-bit word.
                    return Err(Error::new(input.span(), "FromJson takes at most 64 members"));
                }
                Ok(Shape::Struct(Struct {
                    ty,
                    generics,
                    expected: format!("struct {name}"),
                    fields,
                    deny_unknown_fields: c.deny_unknown_fields,
                }))
            }
            Data::Enum(data) => {
                let mut variants = Vec::new();
                for v in &data.variants {
                    if !matches!(v.fields, Fields::Unit) {
                        return Err(Error::new(v.span(), "FromJson and ToJson take enums of unit variants"));
                    }
                    let mut rename = None;
                    for attr in v.attrs.iter().filter(|a| a.path().is_ident("serde")) {
                        attr.parse_nested_meta(|meta| {
                            if meta.path.is_ident("rename") {
                                rename = Some(meta.value()?.parse::<LitStr>()?.value());
                                Ok(())
                            } else {
                                Err(meta.error("FromJson and ToJson read only `rename` on a variant"))
                            }
                        })?;
                    }
                    let ident = v.ident.clone();
                    let json = match (rename, c.rename_all) {
                        (Some(r), _) => r,
                        (None, Some(case)) => case.variant(&ident.unraw().to_string()),
                        (None, None) => ident.unraw().to_string(),
                    };
                    variants.push((ident, json));
                }
                if variants.is_empty() {
                    return Err(Error::new(input.span(), "FromJson and ToJson take enums with variants"));
                }
                Ok(Shape::Enum(Enum {
                    ty,
                    generics,
                    expected: format!("enum {name}"),
                    variants,
                }))
            }
            Data::Union(_) => Err(Error::new(input.span(), "FromJson and ToJson take no unions")),
        }
    }
}

fn container(input: &DeriveInput) -> syn::Result<Container> {
    let mut c = Container {
        rename: None,
        rename_all: None,
        deny_unknown_fields: false,
        transparent: false,
        try_from: None,
    };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                c.rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("rename_all") {
                let lit = meta.value()?.parse::<LitStr>()?;
                c.rename_all = Some(Case::named(&lit)?);
            } else if meta.path.is_ident("deny_unknown_fields") {
                c.deny_unknown_fields = true;
            } else if meta.path.is_ident("transparent") {
                c.transparent = true;
            } else if meta.path.is_ident("try_from") {
                c.try_from = Some(meta.value()?.parse::<LitStr>()?.parse()?);
            } else {
                return Err(meta.error(
                    "FromJson and ToJson read only `rename`, `rename_all`, `deny_unknown_fields`, `transparent` and `try_from` on a type",
                ));
            }
            Ok(())
        })?;
    }
    Ok(c)
}

fn field(f: &syn::Field, rename_all: Option<Case>) -> syn::Result<Field> {
    let Some(ident) = f.ident.clone() else {
        return Err(Error::new(f.span(), "a field without a name"));
    };
    let mut rename = None;
    let mut absent = if is_option(&f.ty) {
        Absent::None
    } else {
        Absent::Required
    };
    let mut skip_if = None;
    for attr in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("default") {
                absent = match meta.input.peek(syn::Token![=]) {
                    true => Absent::DefaultWith(meta.value()?.parse::<LitStr>()?.parse()?),
                    false => Absent::Default,
                };
            } else if meta.path.is_ident("skip_serializing_if") {
                skip_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
            } else {
                return Err(meta
                    .error("FromJson and ToJson read only `rename`, `default` and `skip_serializing_if` on a field"));
            }
            Ok(())
        })?;
    }
    let json = match (rename, rename_all) {
        (Some(r), _) => r,
        (None, Some(case)) => case.field(&ident.unraw().to_string()),
        (None, None) => ident.unraw().to_string(),
    };
    Ok(Field {
        ident,
        json,
        absent,
        skip_if,
    })
}

/// Whether a field's type is written `Option<…>` (serde's derive reads a missing `Option` member
/// as `None` the same way: by the type as written).
fn is_option(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "Option")
}

/// The type's generics with `bound` on each type parameter, as serde's derive bounds them.
fn bounded(generics: &Generics, bound: &Tokens) -> Generics {
    let bounds: Punctuated<TypeParamBound, Token![+]> = parse_quote!(#bound);
    let mut g = generics.clone();
    for p in g.type_params_mut() {
        p.bounds.extend(bounds.iter().cloned());
    }
    g
}

/// What a type read by `FromJson` asks of its type parameters.
fn read_bound() -> Tokens {
    quote!(::assent::json::FromJson + ::assent::json::Unread)
}

fn read_struct(s: &Struct) -> Tokens {
    let Struct {
        ty,
        generics,
        expected,
        fields,
        deny_unknown_fields,
    } = s;
    let generics = bounded(generics, &read_bound());
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let unread = fields.iter().map(|f| {
        let ident = &f.ident;
        let value = match &f.absent {
            Absent::Required | Absent::None => quote!(::assent::json::Unread::unread()),
            Absent::Default => quote!(::core::default::Default::default()),
            Absent::DefaultWith(path) => quote!(#path()),
        };
        quote!(#ident: #value)
    });
    let names = fields.iter().map(|f| &f.json);
    let optional = fields.iter().map(|f| !matches!(f.absent, Absent::Required));
    let arms = fields.iter().enumerate().map(|(i, f)| {
        let ident = &f.ident;
        quote!(#i => r.put(&mut out.#ident))
    });
    // Without `deny_unknown_fields`, serde's derive skips a member it does not know; so does
    // the reader.
    let members = if *deny_unknown_fields {
        quote!(::assent::json::UnknownMembers::Refused)
    } else {
        quote!(::assent::json::UnknownMembers::Skipped)
    };
    quote! {
        impl #impl_generics ::assent::json::Unread for #ty #ty_generics #where_clause {
            fn unread() -> Self {
                Self { #(#unread,)* }
            }
        }

        impl #impl_generics ::assent::json::FromJson for #ty #ty_generics #where_clause {
            fn read(r: &mut ::assent::json::Reader<'_>) -> ::core::result::Result<Self, ::assent::json::ReadError> {
                const NAMES: &[&str] = &[#(#names),*];
                const OPTIONAL: &[bool] = &[#(#optional),*];
                let mut out = <Self as ::assent::json::Unread>::unread();
                r.fields(#expected, NAMES, OPTIONAL, #members, &mut |r, i| match i {
                    #(#arms,)*
                    _ => ::core::result::Result::Ok(()),
                })?;
                ::core::result::Result::Ok(out)
            }
        }
    }
}

fn write_struct(s: &Struct) -> Tokens {
    let ty = &s.ty;
    let generics = bounded(&s.generics, &quote!(::assent::json::ToJson));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let members = s.fields.iter().map(|f| {
        let Field { ident, json, .. } = f;
        let write = quote! {
            ::assent::json::Sink::field(out, #json);
            ::assent::json::ToJson::write_json(&self.#ident, out);
        };
        match &f.skip_if {
            Some(path) => quote!(if !#path(&self.#ident) { #write }),
            None => write,
        }
    });
    quote! {
        impl #impl_generics ::assent::json::ToJson for #ty #ty_generics #where_clause {
            fn write_json<S: ::assent::json::Sink + ?Sized>(&self, out: &mut S) {
                ::assent::json::Sink::open_object(out);
                #(#members)*
                ::assent::json::Sink::close_object(out);
            }
        }
    }
}

fn read_enum(e: &Enum) -> Tokens {
    let Enum {
        ty,
        generics,
        expected,
        variants,
    } = e;
    let generics = bounded(generics, &read_bound());
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let idents: Vec<&Ident> = variants.iter().map(|(v, _)| v).collect();
    let names = variants.iter().map(|(_, n)| n);
    let first = idents.first();
    quote! {
        impl #impl_generics ::assent::json::Unread for #ty #ty_generics #where_clause {
            fn unread() -> Self {
                Self::#first
            }
        }

        impl #impl_generics ::assent::json::FromJson for #ty #ty_generics #where_clause {
            fn read(r: &mut ::assent::json::Reader<'_>) -> ::core::result::Result<Self, ::assent::json::ReadError> {
                r.variant(#expected, &[#(#names),*], &[#(Self::#idents),*])
            }
        }
    }
}

fn write_enum(e: &Enum) -> Tokens {
    let Enum {
        ty, generics, variants, ..
    } = e;
    let bounded = bounded(generics, &quote!(::assent::json::ToJson));
    let (impl_generics, ty_generics, where_clause) = bounded.split_for_impl();
    let (plain_impl_generics, _, plain_where_clause) = generics.split_for_impl();
    let arms = variants.iter().map(|(v, n)| quote!(Self::#v => #n));
    quote! {
        impl #impl_generics ::assent::json::ToJson for #ty #ty_generics #where_clause {
            fn write_json<S: ::assent::json::Sink + ?Sized>(&self, out: &mut S) {
                ::assent::json::Sink::str(out, self.json_name());
            }
        }

        impl #plain_impl_generics #ty #ty_generics #plain_where_clause {
            /// The name this value is written with in JSON (its serde name).
            pub const fn json_name(self) -> &'static str {
                match self {
                    #(#arms,)*
                }
            }
        }
    }
}

fn read_transparent(t: &Transparent) -> Tokens {
    let Transparent { ty, generics, member } = t;
    let generics = bounded(generics, &read_bound());
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        impl #impl_generics ::assent::json::Unread for #ty #ty_generics #where_clause {
            fn unread() -> Self {
                Self { #member: ::assent::json::Unread::unread() }
            }
        }

        impl #impl_generics ::assent::json::FromJson for #ty #ty_generics #where_clause {
            fn read(r: &mut ::assent::json::Reader<'_>) -> ::core::result::Result<Self, ::assent::json::ReadError> {
                ::core::result::Result::Ok(Self { #member: ::assent::json::FromJson::read(r)? })
            }
        }
    }
}

fn read_try_from(t: &TryFrom) -> Tokens {
    let TryFrom { ty, generics, from } = t;
    let generics = bounded(generics, &read_bound());
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        impl #impl_generics ::assent::json::FromJson for #ty #ty_generics #where_clause {
            fn read(r: &mut ::assent::json::Reader<'_>) -> ::core::result::Result<Self, ::assent::json::ReadError> {
                r.converted::<#from, Self>()
            }
        }
    }
}

fn write_transparent(t: &Transparent) -> Tokens {
    let Transparent { ty, generics, member } = t;
    let generics = bounded(generics, &quote!(::assent::json::ToJson));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        impl #impl_generics ::assent::json::ToJson for #ty #ty_generics #where_clause {
            fn write_json<S: ::assent::json::Sink + ?Sized>(&self, out: &mut S) {
                ::assent::json::ToJson::write_json(&self.#member, out);
            }
        }
    }
}

/// serde's `rename_all` rules, for Rust's own spellings: `snake_case` fields and `PascalCase`
/// variants.
#[derive(Clone, Copy)]
enum Case {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl Case {
    fn named(lit: &LitStr) -> syn::Result<Case> {
        Ok(match lit.value().as_str() {
            "lowercase" => Case::Lower,
            "UPPERCASE" => Case::Upper,
            "PascalCase" => Case::Pascal,
            "camelCase" => Case::Camel,
            "snake_case" => Case::Snake,
            "SCREAMING_SNAKE_CASE" => Case::ScreamingSnake,
            "kebab-case" => Case::Kebab,
            "SCREAMING-KEBAB-CASE" => Case::ScreamingKebab,
            other => return Err(Error::new(lit.span(), format!("no rename rule `{other}`"))),
        })
    }

    /// A variant's name (`BannerLayer1`) under the rule.
    fn variant(self, name: &str) -> String {
        let words = || {
            let mut out = String::new();
            for (i, c) in name.char_indices() {
                if i > 0 && c.is_uppercase() {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            out
        };
        match self {
            Case::Pascal => name.to_owned(),
            Case::Lower => name.to_ascii_lowercase(),
            Case::Upper => name.to_ascii_uppercase(),
            Case::Camel => lower_first(name),
            Case::Snake => words(),
            Case::ScreamingSnake => words().to_ascii_uppercase(),
            Case::Kebab => words().replace('_', "-"),
            Case::ScreamingKebab => words().to_ascii_uppercase().replace('_', "-"),
        }
    }

    /// A field's name (`policy_version`) under the rule.
    fn field(self, name: &str) -> String {
        let pascal = || {
            let mut out = String::new();
            let mut upper = true;
            for c in name.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.push(c.to_ascii_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        };
        match self {
            Case::Lower | Case::Snake => name.to_owned(),
            Case::Upper | Case::ScreamingSnake => name.to_ascii_uppercase(),
            Case::Pascal => pascal(),
            Case::Camel => lower_first(&pascal()),
            Case::Kebab => name.replace('_', "-"),
            Case::ScreamingKebab => name.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::Case;

    #[test]
    fn rules_name_fields_and_variants_as_serde_does() {
        assert_eq!(Case::Camel.field("policy_version"), "policyVersion");
        assert_eq!(
            Case::Camel.field("child_data_sensitive_below"),
            "childDataSensitiveBelow"
        );
        assert_eq!(Case::Snake.variant("BannerLayer1"), "banner_layer1");
        assert_eq!(Case::Snake.variant("IdDocument"), "id_document");
        assert_eq!(Case::Camel.variant("LocalStorage"), "localStorage");
        assert_eq!(Case::Kebab.variant("NeedsConsent"), "needs-consent");
        assert_eq!(Case::ScreamingSnake.field("age_band"), "AGE_BAND");
        assert_eq!(Case::Pascal.field("age_band"), "AgeBand");
    }
}
