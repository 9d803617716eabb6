"""The query plan (search.query) with the seed vocabulary, without a backend."""
from search.places import ACADEMIE_WEIGHT, TOWN_WEIGHT
from search.query import EXPANSION_WEIGHT, FAMILY_WEIGHT, family_weight, plan_query
from search.vocabulary import Vocabulary, read_seed_lines


def alternative_texts(q: str) -> set[str]:
    """What the plan of ``q`` searches, every concept's alternatives together, with the seed vocabulary."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    return {alternative.text for concept in plan_query(q, vocabulary=vocabulary).concepts
            for alternative in concept.alternatives}


def test_an_everyday_word_of_the_vocabulary_is_never_spelling_corrected():
    """« appli » is in no fiche and no dictionary: as a vocabulary word it is searched as typed and as
    « application », never « corrected » to the nearest indexed word (« appui »)."""
    plan = plan_query("une appli pour réviser", corrections=lambda word: ["appui"],
                      vocabulary=Vocabulary.from_lines(read_seed_lines()))
    assert plan.corrected_query == ""
    assert "application" in {alternative.text for alternative in plan.concepts[0].alternatives}


def test_a_word_typed_without_its_accents_is_searched_with_them():
    """The stemmer needs the accents (« lycée » is ``lyc``, « lycee » ``lyce``): a word French writes only with
    them is searched with them, which also lets a vocabulary phrase typed without accents be found."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    plan = plan_query("Lycee unite localisee pour l'inclusion scolaire", vocabulary=vocabulary)
    assert plan.concepts[0].alternatives[0].text == "lycée"
    assert plan.concepts[0].alternatives[0].terms == plan_query("lycée", vocabulary=vocabulary).concepts[0].alternatives[0].terms
    assert "ulis" in {alternative.text for alternative in plan.concepts[1].alternatives}


def test_a_word_french_has_without_accents_and_an_acronym_are_kept_as_typed():
    """« marche » is French as it is (not « marché »); « CAP » is an acronym; a town is no word to accent."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    texts = [concept.alternatives[0].text for concept in plan_query("marche CAP Agen", vocabulary=vocabulary).concepts]
    assert texts[0] == "marche" and texts[2] == "Agen"
    assert all("é" not in text for text in texts)


def test_a_french_word_after_its_article_is_no_town_unless_capitalised():
    """« le sens de l'école » is not the town of Sens (Yonne), nor « les tours » Tours; « Le Sens » typed as a
    name, « Les Tours » and « la rochelle » (no French word) are towns, searched through their département."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())

    def places(q):
        return {alternative.text for concept in plan_query(q, vocabulary=vocabulary).concepts
                for alternative in concept.alternatives if alternative.weight == TOWN_WEIGHT}

    assert places("élèves qui ne voient plus le sens de l'école") == set()
    assert places("visite de les tours du château") == set()
    assert places("collège Le Sens") == {"Yonne"}
    assert places("lycée Les Tours") == {"Indre-et-Loire"}
    assert places("lycée la rochelle") == {"Charente-Maritime"}


def test_a_typo_is_corrected_to_the_word_that_makes_a_phrase_with_its_neighbours():
    """« realis » is as near « realise » (more frequent) as « relais »: beside « classe » it is « relais »
    (« classe relais » is a phrase of the vocabulary), alone it is the more frequent word."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    nearest = {"realis": ["realise", "relais"]}.get

    def corrections(word):
        return nearest(word, [])

    assert plan_query("classe realis", corrections=corrections, vocabulary=vocabulary).corrected_query == "classe relais"
    assert plan_query("realis", corrections=corrections, vocabulary=vocabulary).corrected_query == "réalisé"


def test_a_correction_gets_back_the_accents_french_gives_it():
    """A correction is an indexed word, folded (« lycee »); without its accents its stem is not the fiches'
    (``lyce``, not ``lyc``), so it is searched, and shown, as French writes it."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    plan = plan_query("lcyée", corrections=lambda word: ["lycee"], vocabulary=vocabulary)
    assert plan.corrected_query == "lycée"
    assert plan.concepts[0].alternatives[0].terms == plan_query("lycée", vocabulary=vocabulary).concepts[0].alternatives[0].terms


def test_a_word_that_shapes_a_question_is_kept_within_a_phrase_of_the_vocabulary():
    """« idées » goes from a long question (« je cherche des idées pour … »), but not from « idées reçues », a
    phrase of the vocabulary (préjugés, stéréotypes): the phrase is searched whole, with its expansions."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    plan = plan_query("procès fictif pour casser les idées reçues sur les séries du lycée", vocabulary=vocabulary)
    texts = {alternative.text for concept in plan.concepts for alternative in concept.alternatives}
    assert {"idées reçues", "stéréotype"} <= texts
    plan = plan_query("je cherche des idées pour motiver les élèves de seconde au lycée professionnel",
                      vocabulary=vocabulary)
    assert not any("idée" in alternative.text for concept in plan.concepts for alternative in concept.alternatives)


def test_a_word_typed_without_its_apostrophe_is_searched_without_the_article_glued_to_it():
    """« lecole », « dun », « lorientation »: fast typing drops the apostrophe. The word is searched as French
    writes it (« école ») and a glued « un » is the stop word it is; a town's name is never cut (« Lorient »
    is not « orient », « Laval » not « aval »), nor a French word (« dune ») or an acronym."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())

    def typed(q):
        return [concept.alternatives[0].text for concept in plan_query(q, vocabulary=vocabulary).concepts]

    assert typed("aider les parents dun enfant") == typed("aider les parents d'un enfant") == ["aider", "parents", "enfant"]
    assert typed("lien entre lecole primaire et le collège")[1] == "école primaire"
    assert typed("lorientation des élèves") == ["orientation", "élève"]
    assert typed("décrochage lorient") == ["décrochage", "lorient"]
    assert typed("collège Laval") == ["collège", "Laval"]
    assert typed("dune DASEN") == ["dune", "DASEN"]


def test_an_agent_nouns_family_is_that_of_its_action():
    """The stemmer keeps « médiateurs » (mediateur) apart from « médiation » (mediat), « formatrice » from
    « formation »: the family searched for an agent noun begins like the action's stem."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    assert plan_query("élèves médiateurs", vocabulary=vocabulary).concepts[1].family_prefix == "mediat"
    assert plan_query("formatrice", vocabulary=vocabulary).concepts[0].family_prefix == "format"
    assert plan_query("tutorer", vocabulary=vocabulary).concepts[0].family_prefix == "tutor"


def test_the_family_of_a_word_no_fiche_holds_is_searched_in_any_query_and_weighs_as_an_expansion():
    """When the backend's ``corrections`` say that no fiche holds « médiateurs » (a list, here with no word to
    search instead; None means some fiche holds it), its family is searched even in a query of four concepts,
    where a held word's is not, and at the weight of the vocabulary's expansions: it is all that concept has."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    q = "élèves médiateurs contre les bagarres au collège"

    def plan(unheld):
        return plan_query(q, corrections=lambda word: [] if word in unheld else None, vocabulary=vocabulary)

    held = plan(unheld=set())
    assert len(held.concepts) == 4 and not any(held.uses_family(concept) for concept in held.concepts)
    mediateurs = plan(unheld={"mediateurs"}).concepts[1]
    assert not mediateurs.held and plan(unheld={"mediateurs"}).uses_family(mediateurs)
    assert family_weight(mediateurs.held) == EXPANSION_WEIGHT > family_weight(True) == FAMILY_WEIGHT
    # A word corrected to an indexed one is held: its family is that of the correction, as for any held word.
    corrected = plan_query(q.replace("médiateurs", "médiatuers"),
                           corrections=lambda word: ["mediateurs"] if word == "mediatuers" else None,
                           vocabulary=vocabulary)
    assert corrected.concepts[1].held


def test_two_words_typed_as_one_are_also_searched_as_the_two():
    """« webradio », « courtmetrage », « microlycee »: each is also searched as its two words, with what the
    vocabulary gives them (« micro lycée » → microlycée); a typo or a French word is not cut."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())

    def texts(q):
        return [{alternative.text for alternative in concept.alternatives}
                for concept in plan_query(q, vocabulary=vocabulary).concepts]

    assert "web radio" in texts("webradio")[0]
    assert "court métrage" in texts("courtmetrage")[0]
    assert {"micro lycée", "microlycée"} <= texts("microlycee")[0]
    assert texts("motivaton") == [{"motivaton"}]
    assert texts("ensemble") == [{"ensemble"}]


def test_a_town_is_also_searched_through_its_academie_and_near_is_no_topic():
    """« près de Lorient »: Lorient, then the Morbihan, then the académie de Rennes; « près » is no concept. A town
    whose name an académie's holds (« Clermont », in the Oise, and Clermont-Ferrand) gets no académie: the
    académie d'Amiens would put the fiches of Picardie first."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    plan = plan_query("lycée près de Lorient", vocabulary=vocabulary)
    assert [concept.typed.text for concept in plan.concepts] == ["lycée", "Lorient"]
    assert [(alternative.text, alternative.weight) for alternative in plan.concepts[1].alternatives] == [
        ("Lorient", 1.0), ("Morbihan", TOWN_WEIGHT), ("Rennes", ACADEMIE_WEIGHT)]
    clermont = plan_query("Clermont", vocabulary=vocabulary).concepts[0]
    assert ACADEMIE_WEIGHT not in {alternative.weight for alternative in clermont.alternatives}
    assert "près" in {concept.typed.text for concept in plan_query("lycée près de la mer", vocabulary=vocabulary).concepts}


def test_a_wish_is_no_topic_of_a_long_question_and_prevenir_is_prevention():
    """« donner envie de lire » is about reading: « envie » goes from a long question, as « besoin » does (a fiche
    titled « … de vos envies » came first). « prévenir » is searched as « prévention » too, which the stemmer
    keeps apart (``preven``, ``prevent``)."""
    vocabulary = Vocabulary.from_lines(read_seed_lines())
    plan = plan_query("comment donner envie de lire aux élèves qui entrent au lycée", vocabulary=vocabulary)
    assert "envie" not in {concept.typed.text for concept in plan.concepts}
    assert "lire" in {concept.typed.text for concept in plan.concepts}
    prevenir = plan_query("prévenir", vocabulary=vocabulary).concepts[0]
    assert "prévention" in {alternative.text for alternative in prevenir.alternatives}


def test_a_town_after_a_word_saying_near_is_read_with_the_rest_of_the_query():
    """The search page offers to search around the town (search.views): the town as typed, the query without
    « autour de <town> » (and the words joined to the near word, « du côté de »); no offer without both."""
    from search.places import NearTown, near_town

    assert near_town("théâtre autour de Clermont") == NearTown("Clermont", "théâtre")
    assert near_town("ateliers du côté de Saint-Denis pour les 3e") == NearTown("Saint-Denis", "ateliers pour les 3e")
    assert near_town("près de la Rochelle") == NearTown("la Rochelle", "")
    assert near_town("théâtre Clermont") is None
    assert near_town("le lycée vers midi") is None
    assert near_town("") is None


def test_a_common_word_of_a_places_name_is_not_searched_in_the_places():
    """« portes » (Le Port, Port Louis), « nuit » (Nuits-Saint-Georges), « ville » (Mantes-la-Ville) are words of
    multi-word place names; a structure's kind (« collège »), a département's one-word name (« Manche »), an
    acronym and a name French lacks are searched in the places, as is any word of no place's name."""
    from search.places import is_place_word

    assert not any(is_place_word(word) for word in ("portes", "nuit", "ville", "Pont", "petits"))
    assert all(is_place_word(word) for word in ("collège", "école", "Manche", "réunion", "CIO", "Guingamp", "théâtre"))
    plan = plan_query("portes ouvertes au collège", vocabulary=Vocabulary.from_lines(read_seed_lines()))
    assert [concept.typed.places for concept in plan.concepts] == [False, True, True]


def test_a_departement_or_a_region_is_one_place_and_a_town_that_is_a_word_is_one_after_near():
    """« Seine-Maritime » is one place, not « seine » and « maritime » (French words of place names, not searched in
    the places alone, so a fiche of that département did not match them): searched by its name, then through its
    académie. « vichy » is a French word (eau de Vichy), no town typed so; after « près de » it is the town, searched
    through the Allier. « Autour de » searches around a commune only: a département is not offered there."""
    from search.places import near_town

    vocabulary = Vocabulary.from_lines(read_seed_lines())
    plan = plan_query("prévention du décrochage en Seine-Maritime", vocabulary=vocabulary)
    assert len(plan.concepts) == 3
    assert [(alternative.text, alternative.weight) for alternative in plan.concepts[2].alternatives] == [
        ("Seine Maritime", 1.0), ("Seine-Maritime", TOWN_WEIGHT), ("Normandie", ACADEMIE_WEIGHT)]
    assert len(plan_query("ateliers Hauts-de-France", vocabulary=vocabulary).concepts) == 2

    def places(q):
        return {alternative.text for concept in plan_query(q, vocabulary=vocabulary).concepts
                for alternative in concept.alternatives if alternative.weight == TOWN_WEIGHT}

    assert places("idées près de vichy") == {"Allier"}
    assert places("une nappe vichy") == set()
    assert near_town("théâtre autour de la Manche") is None



def test_everyday_words_for_mockery_disputes_newcomers_and_volunteering_reach_the_fields_terms():
    """Words no fiche says, one way to those the fiches use: « se moquer » → harcèlement, « disputes » →
    médiation, « vient d'arriver en France » → UPE2A, « bénévolat » → service civique."""
    assert "harcèlement" in alternative_texts("apprendre aux ados à arrêter de se moquer des autres")
    assert "médiation" in alternative_texts("des élèves qui règlent leurs disputes")
    assert "upe2a" in alternative_texts("une élève qui vient d'arriver en France")
    assert "service civique" in alternative_texts("repasser le bac en faisant du bénévolat")
    assert "se moquer" not in alternative_texts("harcèlement")


def test_wanting_to_talk_reaches_listening_and_a_late_arrival_its_integration():
    """« venir parler » → écoute, lieu d'écoute (one way); « arrivent tardivement » with « intégration tardive »."""
    assert "lieu d'écoute" in alternative_texts("un endroit où les élèves peuvent venir parler")
    assert "venir parler" not in alternative_texts("lieu d'écoute")
    assert "intégration tardive" in alternative_texts("des élèves qui arrivent tardivement au lycée")


def test_a_number_written_in_words_reaches_its_digits():
    """« plus de seize ans » (queries write numbers in words) → 16 (the fiches write digits), both ways."""
    assert "16" in alternative_texts("des jeunes de plus de seize ans sortis sans diplôme")
    assert "quinze" in alternative_texts("accueillir des élèves de moins de 15 ans")
    assert "17" not in alternative_texts("des jeunes de plus de seize ans")
