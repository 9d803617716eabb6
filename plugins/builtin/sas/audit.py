"""Writing the audit log: every read and change of a student record (DESIGN.md §8)."""
from .models import AuditLog, Student


def record(user, action: str, student: Student, detail: str = "") -> AuditLog:
    return AuditLog.objects.create(
        establishment_id=student.establishment_id,
        user=user if user is not None and user.is_authenticated else None,
        actor=user.get_username() if user is not None and user.is_authenticated else "système",
        action=action,
        student=student,
        student_ref=student.local_id,
        detail=detail[:255],
    )
