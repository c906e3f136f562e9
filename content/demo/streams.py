"""Stream values as Wagtail stores them, for the demo's words in each language."""


def steps(heading, items):
    return {"heading": heading, "steps": [{"title": t, "text": x} for t, x in items]}


def faq(heading, questions):
    return {
        "heading": heading,
        "questions": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in questions],
    }
