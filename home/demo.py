"""Demonstration content for the home page, the standard pages and the site settings.

Every fact comes from ``shared/brief/facts.md``; the sentences are our own. The programme is written about in the
past tense, the products in the present tense.
"""

from django.conf import settings
from wagtail.models import Locale, Page, Site

from hub.base_url import site_hostname_and_port
from hub.demo_tools import ensure_child, ensure_menu_item, ensure_sample_translation, heading, rich, text
from hub.models import FooterText, OrganisationSettings

from .models import HomePage, StandardPage

ORDER = 10  # first: everything else hangs below the home page

FOOTER_TEXT = (
    "The Children and Young People's Health Equity Collaborative (CHEC) was a partnership of Barnardo's, UCL's "
    "Institute of Health Equity and three Integrated Care Systems, from 2023 to 2025. This site keeps its work "
    "available for others to use."
)

PARTNERS = [
    {"name": "Barnardo's", "url": "https://www.barnardos.org.uk/", "role": "Sponsor and partner"},
    {
        "name": "UCL Institute of Health Equity",
        "url": "https://www.instituteofhealthequity.org/",
        "role": "Technical lead",
    },
    {"name": "Birmingham and Solihull ICS", "url": "", "role": "Integrated Care System"},
    {"name": "Cheshire and Merseyside ICS", "url": "", "role": "Integrated Care System"},
    {"name": "South Yorkshire ICS", "url": "", "role": "Integrated Care System"},
]

HOME_INTRO = (
    "The Children and Young People's Health Equity Collaborative (CHEC) brought together Barnardo's, UCL's "
    "Institute of Health Equity and three Integrated Care Systems to tackle health inequalities among babies, "
    "children and young people. The programme ran from 2023 to November 2025. This site is its legacy: the "
    "framework, the reports, the local case studies and the tools any Integrated Care System can use."
)

WORKSTREAMS = [
    {
        "title": "The Child Health Equity Framework",
        "text": (
            "A framework of the drivers of health inequalities for babies, children and young people, shaped by "
            "more than 300 children and young people."
        ),
    },
    {
        "title": "A data working group",
        "text": (
            "A multi-agency group that collated data in each Integrated Care System to identify and monitor "
            "health inequalities among children and young people."
        ),
    },
    {
        "title": "Local interventions",
        "text": (
            "Interventions in each partner area, developed to combat health inequality at community level, with "
            "children and young people's voices at the centre."
        ),
    },
]

BORN_UNEQUAL_FIGURES = {
    "heading": "From the final report, Born Unequal (2025)",
    "figures": [
        {
            "value": "2 times",
            "label": "Infants in the most deprived areas are twice as likely to die in their first year.",
            "source": "Barnardo's, at the launch of Born Unequal",
            "year": 2025,
            "illustrative": False,
        },
        {
            "value": "72%",
            "label": "Children in poverty are 72% more likely to be diagnosed with a long-term illness.",
            "source": "Barnardo's, at the launch of Born Unequal",
            "year": 2025,
            "illustrative": False,
        },
        {
            "value": "4 times",
            "label": (
                "Children in the poorest 20% of households are four times as likely to develop a mental health "
                "disorder."
            ),
            "source": "Barnardo's, at the launch of Born Unequal",
            "year": 2025,
            "illustrative": False,
        },
    ],
}

ABOUT_BODY = [
    heading("What the Collaborative was"),
    text(
        "The Children and Young People's Health Equity Collaborative was a three-year partnership programme. "
        "Barnardo's set it up with UCL's Institute of Health Equity (IHE) in 2022 and recruited three Integrated "
        "Care Systems (ICSs): Birmingham and Solihull, Cheshire and Merseyside, and South Yorkshire. It launched "
        "officially in February 2023 and ran until November 2025, when the findings of its evaluation were "
        "published.",
        "Barnardo's sponsored the programme. It was IHE's first collaboration with a charity, and IHE led the "
        "technical work.",
    ),
    heading("What it set out to do"),
    text(
        "The Collaborative set out to shape the way Integrated Care Systems address health inequalities among "
        "children and young people. It tried a new approach to working across systems, with ICSs, charities and "
        "academic partners working together, and aimed to leave a legacy of support for other ICSs that wish to "
        "take a similar journey."
    ),
    heading("How it worked"),
    rich(
        "<p>The programme had three workstreams:</p><ol>"
        "<li>the Child Health Equity Framework, to understand the drivers of health inequality for children and "
        "young people;</li>"
        "<li>a multi-agency data working group that collated data in each ICS;</li>"
        "<li>local interventions in each ICS area, developed to combat health inequality at community level.</li>"
        "</ol>"
        "<p>Children and young people's voices were central. The programme met over 300 children and young "
        "people and recruited Health Equity Champions.</p>"
    ),
    (
        "callout",
        {
            "style": "info",
            "heading": "Evaluation",
            "body": (
                "<p>M.E.L Research evaluated the programme independently. It found that the Collaborative was a "
                "proof of concept for joint work between NHS systems, charities, community groups and young "
                "people.</p>"
            ),
        },
    ),
]

ACCESSIBILITY_BODY = [
    text(
        "This accessibility statement applies to the Children and Young People's Health Equity Collaborative "
        "knowledge hub.",
        "We want as many people as possible to be able to use this website. For example, that means you should be "
        "able to:",
    ),
    rich(
        "<ul><li>change colours, contrast levels and fonts using browser or device settings</li>"
        "<li>zoom in up to 400% without the text spilling off the screen</li>"
        "<li>navigate most of the website using just a keyboard or speech recognition software</li>"
        "<li>listen to most of the website using a screen reader</li>"
        "<li>read a transcript of every video, and use the website without JavaScript</li></ul>"
        "<p>We have also made the website text as simple as possible to understand.</p>"
    ),
    heading("How accessible this website is"),
    rich(
        "<p>We know some parts of this website are not fully accessible:</p>"
        "<ul><li>some older PDF documents may not be fully accessible to screen reader software</li>"
        "<li>videos hosted by third parties rely on the host's player for captions</li></ul>"
    ),
    heading("Feedback and contact information"),
    text(
        "If you need information on this website in a different format, like accessible PDF, large print, easy "
        "read, audio recording or braille, use the contact page. We'll consider your request and get back to you."
    ),
    heading("Reporting accessibility problems with this website"),
    text(
        "We're always looking to improve the accessibility of this website. If you find any problems not listed on "
        "this page or think we're not meeting accessibility requirements, tell us through the contact page."
    ),
    heading("Enforcement procedure"),
    text(
        "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies "
        "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility "
        "regulations'). If you're not happy with how we respond to your complaint, contact the Equality Advisory "
        "and Support Service (EASS)."
    ),
    heading("Technical information about this website's accessibility"),
    text(
        "We are committed to making this website accessible, in accordance with the Public Sector Bodies (Websites "
        "and Mobile Applications) (No. 2) Accessibility Regulations 2018."
    ),
    heading("Compliance status", "h3"),
    text(
        "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, "
        "due to the non-compliances listed below."
    ),
    heading("Non-accessible content", "h3"),
    text(
        "Some documents published before the website was built may not meet accessibility standards. When we "
        "publish new documents we make sure they meet accessibility standards, and we offer an accessible format "
        "on request."
    ),
    heading("Preparation of this accessibility statement"),
    text(
        "This statement was prepared on 23 November 2026 for the demonstration version of the site. The website is "
        "checked by its developers with automated tests and keyboard-only use on every change."
    ),
]

PRIVACY_BODY = [
    (
        "callout",
        {
            "style": "info",
            "heading": "The short version",
            "body": (
                "<p>You can read everything on this website without telling us who you are. We do not use "
                "tracking cookies or advertising. If you send us a form, we only use what you write to answer you "
                "and improve our tools.</p>"
            ),
        },
    ),
    heading("What this page is for"),
    text(
        "This page explains what information this website collects about you, why, and what you can do about it. "
        "We have written it so that children and young people can understand it too."
    ),
    heading("What we collect"),
    rich(
        "<ul><li><strong>When you read pages:</strong> our web server keeps a short technical log (the page asked "
        "for, the time and your internet address) to keep the site working and safe. We do not use it to find out "
        "who you are.</li>"
        "<li><strong>When you fill in a form:</strong> we keep what you type in the form. Giving your email "
        "address is always optional.</li>"
        "<li><strong>When you search:</strong> we count the words people search for, so we can improve the site. "
        "We do not link searches to you.</li></ul>"
    ),
    heading("Cookies"),
    text(
        "We only use cookies that the website needs to work. Our cookies page lists them. Videos from other "
        "websites only load if you choose to play them."
    ),
    heading("Your rights"),
    text(
        "You have the right to ask what information we hold about you, to have it corrected, and to have it "
        "deleted. You can ask through the contact page. If you are unhappy with how we use your information, you "
        "can complain to the Information Commissioner's Office (ICO).",
        "If you are under 18 and worried about anything, you can talk to a trusted adult, or contact Childline "
        "on 0800 1111.",
    ),
    heading("Who is responsible for your information"),
    text(
        "This is a demonstration site. Before it goes live, this section will name the organisation responsible "
        "for your information (the data controller) and how to contact it."
    ),
]

COOKIES_BODY = [
    text(
        "Cookies are small files saved on your phone, tablet or computer when you visit a website. This website only "
        "uses cookies it needs to work, so we do not ask for your consent and there is no cookie banner."
    ),
    heading("Essential cookies"),
    (
        "table",
        {
            "caption": "Cookies this website uses",
            "columns": [
                {"type": "text", "heading": "Name"},
                {"type": "text", "heading": "Purpose"},
                {"type": "text", "heading": "Expires"},
            ],
            "rows": [
                {
                    "values": [
                        "csrftoken",
                        "Protects the forms you send us from misuse. Set only when you use a form.",
                        "1 year",
                    ]
                },
                {
                    "values": [
                        "sessionid",
                        "Keeps site editors logged in. Set only when someone logs in to edit the site.",
                        "2 weeks",
                    ]
                },
            ],
        },
    ),
    heading("Videos from other websites"),
    text(
        "Some pages show videos hosted by YouTube or Vimeo. The video only loads when you press play, and then "
        "through the host's privacy-enhanced player. Until you press play, no cookie is set by the host. Every "
        "video has a transcript on the page, so you never have to play it."
    ),
    heading("Analytics"),
    text("We do not use analytics or advertising cookies."),
]

CONTACT_BODY = [
    text(
        "The Collaborative's programme ended in November 2025. This site keeps its work and tools available.",
        "When the programme ran, its team could be contacted by email at childhealthequity@barnardos.org.uk, the "
        "address people also used to sign up to its newsletter.",
    ),
    heading("Asking for an accessible format"),
    text(
        "If you need a document from this site in another format, such as large print, easy read or an accessible "
        "PDF, tell us which document and the format you need."
    ),
]

STANDARD_PAGES = [
    (
        "about",
        "About the Collaborative",
        "What the Children and Young People's Health Equity Collaborative was, who took part and how it worked.",
        ABOUT_BODY,
    ),
    (
        "accessibility-statement",
        "Accessibility statement",
        "How accessible this website is, how to report a problem and how to ask for another format.",
        ACCESSIBILITY_BODY,
    ),
    (
        "privacy",
        "Privacy notice",
        "What information this website collects about you and what you can do about it, in plain English.",
        PRIVACY_BODY,
    ),
    (
        "cookies",
        "Cookies",
        "The only cookies this website uses are the ones it needs to work.",
        COOKIES_BODY,
    ),
    ("contact", "Contact", "How to get in touch about the Collaborative's work and its tools.", CONTACT_BODY),
]


def ensure_home_page(stdout) -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's placeholder welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        # Wagtail's own migration creates a plain welcome page at /home/: remove it so the slug is free.
        for placeholder in root.get_children().filter(slug="home"):
            if placeholder.specific_class is Page:
                placeholder.delete()
        home = HomePage(
            title="Children and Young People's Health Equity Collaborative",
            slug="home",
            seo_title="CHEC: children and young people's health equity knowledge hub",
            summary=(
                "The legacy site of the Children and Young People's Health Equity Collaborative: the framework, "
                "reports, case studies and tools for Integrated Care Systems."
            ),
            intro=HOME_INTRO,
            workstreams=[("workstream", item) for item in WORKSTREAMS],
            body=[
                heading("Why it matters"),
                ("key_figures", BORN_UNEQUAL_FIGURES),
            ],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write("  created the home page")
    # Wagtail's own full URLs (admin "view live" links) use the site's host and port: those of SITE_BASE_URL.
    hostname, port = site_hostname_and_port()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="CHEC")
    else:
        site.root_page = home
        site.hostname, site.port, site.site_name = hostname, port, "CHEC"
        site.save()
    return home


def ensure_settings(site, pages_by_slug) -> None:
    organisation = OrganisationSettings.for_site(site)
    if not organisation.partners:
        organisation.partners = [("partner", partner) for partner in PARTNERS]
    organisation.show_demo_notice = True
    organisation.show_sample_translation_notice = True
    organisation.save()
    if not FooterText.objects.exists():
        FooterText.objects.create(text=FOOTER_TEXT, locale=Locale.get_default())

    ensure_menu_item(site, pages_by_slug["about"], "About")
    for slug in ("about", "accessibility-statement", "privacy", "cookies", "contact"):
        ensure_menu_item(site, pages_by_slug[slug], menu="footer_links")


# Sample translations of the home page, to show the language switcher and the right-to-left layout. They are
# labelled on the site as samples awaiting review by a fluent speaker; text not listed stays in English.
HOME_TRANSLATIONS = {
    "pl": {
        "Children and Young People's Health Equity Collaborative": (
            "Współpraca na rzecz równości w zdrowiu dzieci i młodzieży (CHEC)"
        ),
        HOME_INTRO: (
            "Children and Young People's Health Equity Collaborative (CHEC) połączyła organizację Barnardo's, "
            "Instytut Równości w Zdrowiu UCL oraz trzy Zintegrowane Systemy Opieki (Integrated Care Systems), aby "
            "przeciwdziałać nierównościom w zdrowiu niemowląt, dzieci i młodzieży. Program trwał od 2023 roku do "
            "listopada 2025 roku. Ta strona jest jego dziedzictwem: ramy, raporty, lokalne studia przypadków i "
            "narzędzia, z których może korzystać każdy Zintegrowany System Opieki."
        ),
        "The Child Health Equity Framework": "Ramy równości w zdrowiu dzieci",
        WORKSTREAMS[0]["text"]: (
            "Ramy opisujące czynniki nierówności w zdrowiu niemowląt, dzieci i młodzieży, ukształtowane przez "
            "ponad 300 dzieci i młodych ludzi."
        ),
        "A data working group": "Grupa robocza ds. danych",
        WORKSTREAMS[1]["text"]: (
            "Grupa wielu instytucji, która zbierała dane w każdym Zintegrowanym Systemie Opieki, aby rozpoznawać i "
            "monitorować nierówności w zdrowiu dzieci i młodzieży."
        ),
        "Local interventions": "Działania lokalne",
        WORKSTREAMS[2]["text"]: (
            "Działania w każdym obszarze partnerskim, przygotowane, by przeciwdziałać nierównościom w zdrowiu na "
            "poziomie społeczności, z głosem dzieci i młodzieży w centrum."
        ),
        "Why it matters": "Dlaczego to ważne",
    },
    "ur": {
        "Children and Young People's Health Equity Collaborative": (
            "بچوں اور نوجوانوں کی صحت میں مساوات کا اشتراک (CHEC)"
        ),
        HOME_INTRO: (
            "بچوں اور نوجوانوں کی صحت میں مساوات کے اشتراک (CHEC) نے Barnardo's، UCL کے انسٹی ٹیوٹ آف ہیلتھ "
            "ایکویٹی اور تین انٹیگریٹڈ کیئر سسٹمز کو اکٹھا کیا تاکہ شیر خوار بچوں، بچوں اور نوجوانوں میں صحت کی "
            "عدم مساوات کا مقابلہ کیا جا سکے۔ یہ پروگرام 2023 سے نومبر 2025 تک جاری رہا۔ یہ ویب سائٹ اس کی "
            "میراث ہے: فریم ورک، رپورٹیں، مقامی کیس اسٹڈیز اور وہ وسائل جنہیں کوئی بھی انٹیگریٹڈ کیئر سسٹم "
            "استعمال کر سکتا ہے۔"
        ),
        "The Child Health Equity Framework": "بچوں کی صحت میں مساوات کا فریم ورک",
        WORKSTREAMS[0]["text"]: (
            "ایک فریم ورک جو شیر خوار بچوں، بچوں اور نوجوانوں کی صحت میں عدم مساوات کے اسباب بیان کرتا ہے، اور "
            "جسے 300 سے زیادہ بچوں اور نوجوانوں نے تشکیل دیا۔"
        ),
        "A data working group": "ڈیٹا ورکنگ گروپ",
        WORKSTREAMS[1]["text"]: (
            "ایک کثیر ادارہ جاتی گروپ جس نے ہر انٹیگریٹڈ کیئر سسٹم میں ڈیٹا اکٹھا کیا تاکہ بچوں اور نوجوانوں میں "
            "صحت کی عدم مساوات کی نشاندہی اور نگرانی کی جا سکے۔"
        ),
        "Local interventions": "مقامی اقدامات",
        WORKSTREAMS[2]["text"]: (
            "ہر شراکت دار علاقے میں کمیونٹی کی سطح پر صحت کی عدم مساوات سے نمٹنے کے لیے تیار کیے گئے اقدامات، جن "
            "کے مرکز میں بچوں اور نوجوانوں کی آواز تھی۔"
        ),
        "Why it matters": "یہ کیوں اہم ہے",
    },
}


def ensure_locales() -> None:
    """A locale for every content language the settings enable (SITE_LANGUAGES)."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def load(stdout):
    ensure_locales()
    home = ensure_home_page(stdout)
    pages = {}
    for slug, title, summary, body in STANDARD_PAGES:
        pages[slug] = ensure_child(home, StandardPage, slug, stdout, title=title, summary=summary, body=body)
    ensure_settings(Site.objects.get(is_default_site=True), pages)
    enabled = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    for language_code, strings in HOME_TRANSLATIONS.items():
        if language_code in enabled:
            ensure_sample_translation(home, language_code, strings, stdout)
