"""Currency codes the Braze SDKs accept for purchases (braze-facts.md §6.2).

The Web SDK upper-cases the code and checks it against this 171-code list
(``npm:@braze/web-sdk@6.13.0/src/util/iso-4217-currency-codes.js``); the same list is in
the Appboy iOS header and the React Native ``BrazeCurrencyCode`` type. It is not today's
ISO 4217 active list: it keeps withdrawn codes (``EEK``, ``LTL``, ``VEF``, ``ZMK``…) and adds
``BTC``, ``GGP``, ``IMP`` and ``JEP``. The developer docs' 23-code "supported" list is shorter
and contains the typo ``SPD``; the SDK list is what decides whether a purchase is logged.

REST ``purchases`` objects are documented only as "ISO 4217"; which codes the server
accepts is unverified, so the same list is used there too.
"""

from __future__ import annotations

# Kept as one block of text so it can be compared with the SDK source at a glance.
_CODES_TEXT = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD
    BTC BTN BWP BYR BZD CAD CDF CHF CLF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD
    EEK EGP ERN ETB EUR FJD FKP GBP GEL GGP GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF
    IDR ILS IMP INR IQD IRR ISK JEP JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK
    LBP LKR LRD LSL LTL LVL LYD MAD MDL MGA MKD MMK MNT MOP MRO MTL MUR MVR MWK MXN MYR
    MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
    SBD SCR SDG SEK SGD SHP SLL SOS SRD STD SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD
    TZS UAH UGX USD UYU UZS VEF VND VUV WST XAF XAG XAU XCD XDR XOF XPD XPF XPT YER ZAR
    ZMK ZMW ZWL
"""
#: The SDK's accepted codes, upper case.
SDK_CURRENCY_CODES: frozenset[str] = frozenset(_CODES_TEXT.split())


def is_accepted_currency(code: str) -> bool:
    """Whether an SDK would log a purchase in ``code``. The Web SDK upper-cases the code
    before checking it; whether the mobile SDKs and the REST API do is unverified, so a
    lower-case code is judged upper-cased everywhere rather than reported on a guess."""
    return code.upper() in SDK_CURRENCY_CODES
