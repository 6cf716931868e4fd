"""Build the large health lexicons in rules/lexicons/ from public-domain vocabularies.

Run at build time only (the linter never imports this script):

    pip install simple-icd-10-cm
    python scripts/build_lexicons.py

Sources:
- ICD-10-CM (US CDC/NCHS, public domain), read through the ``simple-icd-10-cm``
  package: category and subcategory descriptions and inclusion terms, kept only when
  they are short names (up to three words, no "other", "unspecified", "due to" ...).
  Single words are kept only when they look medical (-itis, -osis, -emia ...) or are
  common consumer names, so ordinary English words ("crisis", "failure") never become
  health targets.
- Consumer wording, listed by hand below in the style of MedlinePlus health topics and
  MeSH entry terms (US NLM, public domain): the names articles actually use ("brain
  fog", "joint pain", "opioid withdrawal"), body functions and states, neurotransmitters
  and body systems, supplements, botanicals and drugs (names as in NIH ODS fact sheets
  and NCCIH "Herbs at a Glance").

Lexicons hold kinds of words (names), never sentences. The small cue lists
(predicates, negation, hedges, ...) are edited by hand in rules/lexicons/ directly.
"""

from __future__ import annotations

import re
from pathlib import Path

LEXICONS = Path(__file__).resolve().parent.parent / "rules" / "lexicons"

# Chapters of ICD-10-CM that name diseases and symptoms (S-Z are injuries by external
# cause, external causes and health-service encounters: not health targets).
SKIP_CHAPTER_LETTERS = set("STVWXYZ")
SKIP_WORDS = re.compile(
    r"[\d,()\[\]:;/'\"]|\b(other|due|of|with|without|and|or|in|not|specified|by|to|for|on|at|"
    r"from|nos|elsewhere|classified|sequelae?|encounter|history|family|personal|screening|"
    r"status|abnormal|findings?|presence|absence|observation|examination|contact|exposure|"
    r"problems?|complications?|following|postprocedural|the|late|child|behavior|"
    r"newborn|neonatal|neonatorum|fetal|maternal|pregnancy|gestational|puerperal|"
    r"congenital|accessory|supernumerary)\b"
)
MEDICAL_WORD = re.compile(
    r"(itis|osis|iasis|emia|aemia|algia|oma|pathy|plegia|paresis|trophy|rrhea|rrhoea|"
    r"uria|cele|ectasis|megaly|penia|philia|phobia|mania|spasm|sclerosis|plasia|"
    r"cytosis|lepsy|somnia|tension|glycemia|thyroidism|ism)$"
)
# Single words from ICD that read as ordinary English in other contexts.
ICD_STOP = {
    "mania",
    "autism",
    "astigmatism",
    "organism",
    "mechanism",
    "tension",
    "hypertension",  # kept via the consumer list (unambiguous there)
    "extension",
    "retention",
    "malleus",
    "crisis",
    "failure",
    "shock",
    "collapse",
    "obstruction",
    "dependence",
}

CONDITIONS_CONSUMER = """
anxiety; anxiety disorder; anxiety disorders; generalized anxiety disorder; social anxiety
panic attacks; panic disorder; depression; major depression; depressive disorder
postpartum depression; seasonal affective disorder; bipolar disorder; schizophrenia
psychosis; ptsd; post traumatic stress disorder; post-traumatic stress disorder; ocd
obsessive compulsive disorder; obsessive-compulsive disorder; adhd
attention deficit hyperactivity disorder; attention deficit disorder; hyperactivity
distractibility; impulsiveness; autism spectrum disorder; eating disorder; anorexia; bulimia
insomnia; sleeplessness; sleep problems; sleep disorders; sleep apnea; restless legs
chronic pain; acute pain; nerve pain; neuropathic pain; back pain; lower back pain; neck pain
joint pain; muscle pain; chest pain; pelvic pain; menstrual cramps; period pain; cramps
aches; aches and pains; body aches; sore muscles; muscle soreness; joint stiffness
arthritis; rheumatoid arthritis; osteoarthritis; gout; fibromyalgia; lupus
multiple sclerosis; parkinson's disease; parkinson's; alzheimer's disease; alzheimer's
dementia; cognitive decline; memory loss; memory problems; memory difficulties
brain fog; neurodegenerative diseases; neurodegenerative disease; epilepsy; seizures
seizure; convulsions; migraine; migraines; headaches; migraine headaches; tension headaches
stroke; heart disease; cardiovascular disease; heart attack; heart failure
high blood pressure; hypertension; high cholesterol; cholesterol; blood pressure
blood sugar; high blood sugar; insulin resistance; diabetes; type 1 diabetes
type 2 diabetes; prediabetes; obesity; metabolic syndrome; cancer; cancers; tumor; tumors
tumour; tumours; cancer cells; tumor cells; breast cancer; prostate cancer; lung cancer
skin cancer; colon cancer; colorectal cancer; leukemia; lymphoma; melanoma; glioma
glioblastoma; brain tumor; carcinoma; covid-19; covid 19; covid; coronavirus
coronaviruses; sars-cov-2; cytokine storm; cytokine storms; viruses; viral infections
viral infection; bacterial infections; flu; influenza; common cold; cold and flu
pneumonia; bronchitis; sinusitis; sore throat; asthma; allergies; allergy
hay fever; eczema; psoriasis; acne; rosacea; dermatitis; rashes; hot spots; itching
inflammation; chronic inflammation; swelling; nausea; vomiting; diarrhea; constipation
ibs; irritable bowel syndrome; crohn's disease; colitis; ulcerative colitis; acid reflux
heartburn; gerd; indigestion; bloating; ulcers; stomach ulcers
addiction; addictions; opioid addiction; opiate addiction; drug addiction; alcoholism
alcohol use disorder; substance use disorder; substance use disorders; opioid use disorder
opioid withdrawal; opiate withdrawal; withdrawal symptoms; drug withdrawal
alcohol withdrawal; cravings; drug cravings; hangover; hangovers; jet lag; motion sickness
fever; fevers
hiv; hepatitis; herpes; shingles; lyme disease; tuberculosis; malaria
kidney disease; kidney stones; liver disease; fatty liver disease; cirrhosis
osteoporosis; erectile dysfunction; impotence; infertility; menopause symptoms; hot flashes
pms; premenstrual syndrome; endometriosis; urinary tract infection; uti
anemia; thyroid disease; hypothyroidism; hyperthyroidism; autoimmune disease
autoimmune diseases; chronic fatigue syndrome; chronic fatigue; nervous tension
nervousness; restlessness; irritability; mood swings; mood disorders; mental illness
mental illnesses; mental disorders; mental health problems; mental health concerns
mental health conditions; cognitive illnesses; separation anxiety; tinnitus; vertigo
glaucoma; macular degeneration; cataracts; sunburn; hair loss; baldness; wrinkles
diseases; disease; illness; illnesses; ailment; ailments; disorders; disorder
chronic ailment; chronic ailments; chronic conditions; chronic illness; chronic disease
chronic diseases; medical conditions; health conditions; health problems; health issues
hospitalization; hospitalizations; mortality; angina; sciatica; neuropathy; tendonitis
bursitis; carpal tunnel syndrome; pain; aches; symptoms; symptom; stress; fatigue; headache
infection; infections; virus; pressure; body pain; stress response; tension; distress
painkiller habit; pain killer habit; drug habit
"""

CONDITIONS_PHRASES = [p.strip() for p in re.split(r"[;\n]", CONDITIONS_CONSUMER) if p.strip()]

BODY_FUNCTIONS = [
    # mental states and functions
    "mood",
    "good mood",
    "positive mood",
    "mental health",
    "mental well-being",
    "mental wellbeing",
    "emotional well-being",
    "well-being",
    "wellbeing",
    "wellness",
    "calm",
    "calmness",
    "relaxation",
    "tranquility",
    "sense of calm",
    "peace of mind",
    "mental clarity",
    "clarity",
    "focus",
    "mental focus",
    "concentration",
    "attention",
    "alertness",
    "memory",
    "cognition",
    "cognitive function",
    "cognitive performance",
    "brain function",
    "brain health",
    "brain power",
    "mental performance",
    "motivation",
    "sleep",
    "sleep quality",
    "restful sleep",
    "deep sleep",
    # body functions
    "immunity",
    "immune function",
    "immune health",
    "immune response",
    "immune responses",
    "immune defenses",
    "natural defenses",
    "energy",
    "energy levels",
    "stamina",
    "endurance",
    "vitality",
    "libido",
    "sex drive",
    "sexual function",
    "fertility",
    "digestion",
    "digestive health",
    "gut health",
    "metabolism",
    "circulation",
    "blood flow",
    "heart health",
    "cardiovascular health",
    "joint health",
    "joint mobility",
    "joint function",
    "flexibility",
    "mobility",
    "bone health",
    "muscle recovery",
    "recovery",
    "healing",
    "skin health",
    "liver function",
    "liver health",
    "kidney function",
    "detoxification",
    "weight loss",
    "fat loss",
    "fat burning",
    "longevity",
    "healthy aging",
    "overall health",
    "health",
    "quality of life",
    "breathing",
    "lung function",
    "respiratory health",
    "eye health",
    "vision",
    "hearing",
    "hormone balance",
    "hormonal balance",
    "insulin sensitivity",
    "blood sugar control",
    "balance",
    "performance",
    "athletic performance",
    "sexual performance",
    "focus and concentration",
]

BODY_SYSTEMS = [
    # neurotransmitters, hormones, messengers (MeSH "Neurotransmitter Agents", "Hormones")
    "dopamine",
    "dopamine levels",
    "serotonin",
    "serotonin levels",
    "gaba",
    "gamma-aminobutyric acid",
    "norepinephrine",
    "noradrenaline",
    "adrenaline",
    "epinephrine",
    "acetylcholine",
    "glutamate",
    "endorphins",
    "endocannabinoids",
    "oxytocin",
    "melatonin levels",
    "testosterone",
    "testosterone levels",
    "estrogen",
    "estrogen levels",
    "progesterone",
    "cortisol",
    "cortisol levels",
    "insulin",
    "insulin levels",
    "thyroid hormones",
    "growth hormone",
    "hormones",
    "hormone levels",
    "neurotransmitters",
    "neurotransmitter levels",
    "brain chemistry",
    "bdnf",
    # body systems and organs (MeSH "Body Regions", "Organs")
    "immune system",
    "nervous system",
    "central nervous system",
    "endocannabinoid system",
    "cardiovascular system",
    "digestive system",
    "respiratory system",
    "endocrine system",
    "reproductive system",
    "brain",
    "heart",
    "liver",
    "kidneys",
    "lungs",
    "gut",
    "joints",
    "bones",
    "muscles",
    "skin",
    "white blood cells",
    "t cells",
    "antibodies",
    "gut flora",
    "microbiome",
    "gut microbiome",
    "opioid receptors",
    "dopamine receptors",
    "serotonin receptors",
    "cb1 receptors",
    "cb2 receptors",
]

SUBSTANCES = [
    # cannabinoids and kratom alkaloids
    "cbd",
    "cannabidiol",
    "thc",
    "delta-8",
    "delta 8",
    "delta-8 thc",
    "delta-9",
    "delta-9 thc",
    "hhc",
    "cbg",
    "cbn",
    "cannabis",
    "marijuana",
    "hemp",
    "hemp oil",
    "cbd oil",
    "kratom",
    "mitragyna speciosa",
    "mitragynine",
    "7-hydroxymitragynine",
    "kava",
    "kava kava",
    "kavalactones",
    # botanicals (NCCIH "Herbs at a Glance")
    "ashwagandha",
    "turmeric",
    "curcumin",
    "ginseng",
    "ginkgo",
    "ginkgo biloba",
    "echinacea",
    "elderberry",
    "valerian",
    "valerian root",
    "st. john's wort",
    "st john's wort",
    "chamomile",
    "lavender",
    "peppermint oil",
    "milk thistle",
    "black cohosh",
    "saw palmetto",
    "rhodiola",
    "maca",
    "moringa",
    "spirulina",
    "chlorella",
    "garlic",
    "ginger",
    "green tea",
    "green tea extract",
    "goldenseal",
    "kratom powder",
    "passionflower",
    "lemon balm",
    "holy basil",
    "tulsi",
    "reishi",
    "chaga",
    "cordyceps",
    "lion's mane",
    "shilajit",
    "kanna",
    "blue lotus",
    "damiana",
    "yohimbe",
    "tongkat ali",
    "horny goat weed",
    "fenugreek",
    "berberine",
    "aloe vera",
    "tea tree oil",
    "essential oils",
    "essential oil",
    "oregano oil",
    "apple cider vinegar",
    "colloidal silver",
    "mushrooms",
    "psilocybin",
    # supplements (NIH ODS fact sheets)
    "vitamin a",
    "vitamin b12",
    "vitamin c",
    "vitamin d",
    "vitamin d3",
    "vitamin e",
    "vitamin k",
    "vitamins",
    "multivitamin",
    "zinc",
    "magnesium",
    "selenium",
    "calcium",
    "potassium",
    "omega-3",
    "omega-3s",
    "fish oil",
    "probiotics",
    "probiotic",
    "prebiotics",
    "melatonin",
    "collagen",
    "glucosamine",
    "chondroitin",
    "coq10",
    "coenzyme q10",
    "l-theanine",
    "theanine",
    "5-htp",
    "sam-e",
    "creatine",
    "nac",
    "n-acetylcysteine",
    "quercetin",
    "resveratrol",
    "dhea",
    "biotin",
    "folic acid",
    "iron supplements",
    "electrolytes",
    "nootropics",
    "nootropic",
    "adaptogens",
    "adaptogen",
    "supplement",
    "supplements",
    "dietary supplement",
    "dietary supplements",
    "herbal supplement",
    "herbal supplements",
    "herbal remedy",
    "herbal remedies",
    "tincture",
    "gummies",
    "capsules",
    "extract",
    "herb",
    "herbs",
    "botanical",
    "botanicals",
    "tea",
    "oil",
]

DRUGS = [
    "morphine",
    "oxycodone",
    "hydrocodone",
    "codeine",
    "fentanyl",
    "heroin",
    "methadone",
    "buprenorphine",
    "tramadol",
    "opioids",
    "opiates",
    "opioid",
    "opiate",
    "painkillers",
    "pain killers",
    "pain killer",
    "painkiller",
    "benzodiazepines",
    "xanax",
    "valium",
    "adderall",
    "ritalin",
    "prozac",
    "zoloft",
    "ssris",
    "antidepressants",
    "anxiolytics",
    "ibuprofen",
    "aspirin",
    "acetaminophen",
    "tylenol",
    "nsaids",
    "prescription drugs",
    "prescription medication",
    "prescription medications",
    "medication",
    "medications",
    "pharmaceuticals",
    "ivermectin",
    "hydroxychloroquine",
]

HEADER = (
    "# {title}\n# Source: {source}\n"
    "# Built by scripts/build_lexicons.py; edit the script, not this file.\n"
)


def icd10_conditions() -> set[str]:
    import simple_icd_10_cm as icd

    out: set[str] = set()
    for code in icd.get_all_codes(with_dots=True):
        if code[0] in SKIP_CHAPTER_LETTERS or not icd.is_category_or_subcategory(code):
            continue
        if len(code.replace(".", "")) > 4:  # category or first subcategory level only
            continue
        for text in [icd.get_description(code), *(icd.get_inclusion_term(code) or [])]:
            text = text.lower().strip()
            text = re.sub(r",? unspecified$", "", text)
            text = re.sub(r"^unspecified ", "", text)
            if SKIP_WORDS.search(text) or len(text.split()) > 3 or len(text) < 4:
                continue
            words = text.split()
            if len(words) == 1 and (not MEDICAL_WORD.search(text) or text in ICD_STOP):
                continue
            out.add(text)
    return out


def write(name: str, title: str, source: str, entries) -> int:
    unique = sorted({e.strip().lower() for e in entries if e.strip()})
    path = LEXICONS / name
    path.write_text(HEADER.format(title=title, source=source) + "\n".join(unique) + "\n")
    return len(unique)


def main() -> None:
    LEXICONS.mkdir(parents=True, exist_ok=True)
    conditions = icd10_conditions()
    n = write(
        "conditions.txt",
        "Health targets: diseases, symptoms, disorders and health markers.",
        "ICD-10-CM category/subcategory names and inclusion terms (CDC/NCHS, public "
        "domain, via simple-icd-10-cm), short names only; plus consumer wording listed "
        "by hand in MedlinePlus/MeSH style.",
        conditions | set(CONDITIONS_PHRASES),
    )
    print(f"conditions.txt: {n} entries ({len(conditions)} from ICD-10-CM)")
    for name, title, source, entries in [
        (
            "body_functions.txt",
            "Health targets: body functions and mental/physical states a claim may improve.",
            "consumer wording listed by hand after MedlinePlus health topics and FDA "
            "structure/function examples (21 CFR 101.93), public domain.",
            BODY_FUNCTIONS,
        ),
        (
            "body_systems.txt",
            "Health targets: neurotransmitters, hormones and body systems (mechanism claims).",
            "MeSH descriptors (Neurotransmitter Agents, Hormones, Body Regions; US NLM, "
            "public domain), common names listed by hand.",
            BODY_SYSTEMS,
        ),
        (
            "substances.txt",
            "Subjects: substances, supplements, botanicals and drugs that signal health context.",
            "NIH Office of Dietary Supplements fact sheet titles, NCCIH Herbs at a Glance and "
            "common drug names (US government, public domain), listed by hand.",
            SUBSTANCES,
        ),
        (
            "drugs.txt",
            "Drugs and drug classes: comparison targets (works like morphine), health context.",
            "common generic and brand names of drugs (FDA Orange Book style names, public "
            "domain), listed by hand.",
            DRUGS,
        ),
    ]:
        print(f"{name}: {write(name, title, source, entries)} entries")


if __name__ == "__main__":
    main()
