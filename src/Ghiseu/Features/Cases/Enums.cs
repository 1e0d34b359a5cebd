namespace Ghiseu.Features.Cases;

public enum Priority { Low, Normal, High, Urgent, Emergency }

public enum CaseStatus { New, Open, PendingCitizen, PendingThirdParty, Resolved, Closed }

public enum Channel { Portal, Email, Phone, Chat, Sms, Messaging, WalkIn, Kiosk, Api, Open311 }

public enum LinkKind { DuplicateOf, Related, Parent }

public enum Authority { Police, Ambulance, FireService, InternalAffairs, OtherMinistry, Other }
